using FluentValidation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Rectification;

namespace Petitions.Application.Features.Rectification;

/// <summary>POST /api/rectification/tasks/{id}/verification: a supervisor verifies a reported completion with evidence and closes the task (验收销号).</summary>
public static class VerifyRectificationTask
{
    [Authorize(Roles.Supervisor)]
    public sealed record VerifyRectificationTaskRequest : IRequest<RectificationTaskView>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string TaskId { get; init; } = "";
        public DateOnly? AsOf { get; init; }
        /// <summary>What the verification rests on (an acceptance report, a site check): required.</summary>
        public string? Evidence { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<VerifyRectificationTaskRequest>
    {
        public Validator()
        {
            RuleFor(r => r.AsOf).NotNull();
            RuleFor(r => r.Evidence).RequiredText(InputRules.NoteLength);
            RuleFor(r => r.Note).OptionalText(InputRules.NoteLength);
        }
    }

    public sealed class Handler(LedgerAccess access) : IRequestHandler<VerifyRectificationTaskRequest, RectificationTaskView>
    {
        public async Task<RectificationTaskView> Handle(VerifyRectificationTaskRequest request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var (current, plan) = await access.VisibleTaskAsync(caller, request.TaskId, cancellationToken);
            if (!caller.Supervises(current, plan.OwnerUnit)) throw new ForbiddenException("Only a supervisor in the task's scope verifies it.");
            var note = InputRules.TrimOrNull(request.Note);
            var task = await access.ExecuteAsync(request.TaskId, new VerifyCompletionCommand(request.AsOf!.Value, request.Evidence!.Trim(), note), caller.Actor);
            return await access.ViewAsync(caller, task, plan, cancellationToken);
        }
    }
}

/// <summary>POST /api/rectification/tasks/{id}/verification/reject: the reported completion does not hold; the task stays open.</summary>
public static class RejectRectificationCompletion
{
    [Authorize(Roles.Supervisor)]
    public sealed record RejectRectificationCompletionRequest : IRequest<RectificationTaskView>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string TaskId { get; init; } = "";
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<RejectRectificationCompletionRequest>
    {
        public Validator() => RuleFor(r => r.Reason).RequiredText(InputRules.ReasonLength);
    }

    public sealed class Handler(LedgerAccess access) : IRequestHandler<RejectRectificationCompletionRequest, RectificationTaskView>
    {
        public async Task<RectificationTaskView> Handle(RejectRectificationCompletionRequest request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var (current, plan) = await access.VisibleTaskAsync(caller, request.TaskId, cancellationToken);
            if (!caller.Supervises(current, plan.OwnerUnit)) throw new ForbiddenException("Only a supervisor in the task's scope decides on its completion.");
            var task = await access.ExecuteAsync(request.TaskId, new RejectCompletionCommand(request.Reason!.Trim()), caller.Actor);
            return await access.ViewAsync(caller, task, plan, cancellationToken);
        }
    }
}
