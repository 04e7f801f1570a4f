using FluentValidation;
using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Rectification;

namespace Petitions.Application.Features.Rectification;

/// <summary>PUT /api/rectification/tasks/{id}/responsibility: an administrator names the lead and other responsible units, the leader, and the reporting cycle.</summary>
public static class AssignRectificationTask
{
    [Authorize(Roles.Admin)]
    public sealed record AssignRectificationTaskRequest : IRequest<RectificationTaskView>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string TaskId { get; init; } = "";
        public string? LeadUnit { get; init; }
        public IReadOnlyList<string>? CoUnits { get; init; }
        public string? Leader { get; init; }
        /// <summary>1 (monthly) or 3 (quarterly, the default).</summary>
        public int ReportEveryMonths { get; init; } = 3;
    }

    public sealed class Validator : AbstractValidator<AssignRectificationTaskRequest>
    {
        public Validator(UnitDirectory units)
        {
            RuleFor(r => r.LeadUnit).NotEmpty().MustAsync(async (code, ct) => (await units.GetAsync(ct)).Contains(code!)).WithMessage("'Lead Unit' must be a known unit code.");
            RuleFor(r => r.CoUnits).Must(c => c is null || c.Count <= 20).WithMessage("At most 20 other responsible units.");
            RuleForEach(r => r.CoUnits).MustAsync(async (code, ct) => (await units.GetAsync(ct)).Contains(code)).WithMessage("'Co Units' must be known unit codes.");
            RuleFor(r => r.Leader).OptionalText(InputRules.PersonNameLength);
            RuleFor(r => r.ReportEveryMonths).Must(m => m is 1 or 3).WithMessage("'Report Every Months' is 1 (monthly) or 3 (quarterly).");
        }
    }

    public sealed class Handler(LedgerAccess access) : IRequestHandler<AssignRectificationTaskRequest, RectificationTaskView>
    {
        public async Task<RectificationTaskView> Handle(AssignRectificationTaskRequest request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var (_, plan) = await access.VisibleTaskAsync(caller, request.TaskId, cancellationToken);
            var leader = InputRules.TrimOrNull(request.Leader);
            var task = await access.ExecuteAsync(request.TaskId, new AssignTaskCommand(request.LeadUnit!, request.CoUnits ?? [], leader, request.ReportEveryMonths), caller.Actor);
            return await access.ViewAsync(caller, task, plan, cancellationToken);
        }
    }
}
