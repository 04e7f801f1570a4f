using FluentValidation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Rectification;

namespace Petitions.Application.Features.Rectification;

/// <summary>
/// POST /api/rectification/tasks/{id}/progress: a handler of a responsible unit reports progress as of a date. A
/// report of completion waits for a supervisor's verification; it does not complete the task by itself.
/// </summary>
public static class ReportRectificationProgress
{
    public const int TextLength = 5000;

    [Authorize(Roles.Handler)]
    public sealed record ReportRectificationProgressRequest : IRequest<RectificationTaskView>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string TaskId { get; init; } = "";
        public DateOnly? AsOf { get; init; }
        public string? Status { get; init; }
        public string? Text { get; init; }
        /// <summary>A reference to the evidence (document number, file name, link).</summary>
        public string? Evidence { get; init; }
    }

    public sealed class Validator : AbstractValidator<ReportRectificationProgressRequest>
    {
        public Validator()
        {
            RuleFor(r => r.AsOf).NotNull();
            RuleFor(r => r.Status).EnumName(typeof(ProgressStatus));
            RuleFor(r => r.Text).RequiredText(TextLength);
            RuleFor(r => r.Evidence).OptionalText(InputRules.NoteLength);
        }
    }

    public sealed class Handler(LedgerAccess access) : IRequestHandler<ReportRectificationProgressRequest, RectificationTaskView>
    {
        public async Task<RectificationTaskView> Handle(ReportRectificationProgressRequest request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var (current, plan) = await access.VisibleTaskAsync(caller, request.TaskId, cancellationToken);
            if (!caller.IsResponsibleFor(current)) throw new ForbiddenException("Only a handler of a responsible unit reports progress on this task.");
            var evidence = InputRules.TrimOrNull(request.Evidence);
            var task = await access.ExecuteAsync(request.TaskId,
                new ReportProgressCommand(request.AsOf!.Value, InputRules.ParseEnum<ProgressStatus>(request.Status), request.Text!.Trim(), evidence), caller.Actor);
            return await access.ViewAsync(caller, task, plan, cancellationToken);
        }
    }
}
