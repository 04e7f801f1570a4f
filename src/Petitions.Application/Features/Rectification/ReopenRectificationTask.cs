using FluentValidation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Rectification;

namespace Petitions.Application.Features.Rectification;

/// <summary>POST /api/rectification/tasks/{id}/reopen: the problem came back; a completed task is rectified again (optionally with a new deadline).</summary>
public static class ReopenRectificationTask
{
    [Authorize(Roles.Supervisor)]
    public sealed record ReopenRectificationTaskRequest : IRequest<RectificationTaskView>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string TaskId { get; init; } = "";
        public string? Reason { get; init; }
        public DateOnly? AsOf { get; init; }
        /// <summary>A new 整改时限 as written ("2024年6月底", "2023年底前", …); the old one stays when empty.</summary>
        public string? NewDeadline { get; init; }
    }

    public sealed class Validator : AbstractValidator<ReopenRectificationTaskRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Reason).RequiredText(InputRules.ReasonLength);
            RuleFor(r => r.AsOf).NotNull();
            RuleFor(r => r.NewDeadline).MaximumLength(50)
                .Must(d => RectificationDeadline.TryParse(d) is not null).WithMessage("'New Deadline' must be written like 2024年6月底, 2023年底前 or 立行立改，长期坚持.")
                .When(r => !string.IsNullOrWhiteSpace(r.NewDeadline));
        }
    }

    public sealed class Handler(LedgerAccess access) : IRequestHandler<ReopenRectificationTaskRequest, RectificationTaskView>
    {
        public async Task<RectificationTaskView> Handle(ReopenRectificationTaskRequest request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var (current, plan) = await access.VisibleTaskAsync(caller, request.TaskId, cancellationToken);
            if (!caller.Supervises(current, plan.OwnerUnit)) throw new ForbiddenException("Only a supervisor in the task's scope reopens it.");
            var task = await access.ExecuteAsync(request.TaskId,
                new ReopenTaskCommand(request.Reason!.Trim(), request.AsOf!.Value, RectificationDeadline.TryParse(request.NewDeadline)), caller.Actor);
            return await access.ViewAsync(caller, task, plan, cancellationToken);
        }
    }
}
