using Petitions.Application.Common.Validation;
using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Contracts.Rectification;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Rectification;

/// <summary>POST /api/rectification/tasks/{id}/cases: a supervisor links a petition case about the same problem (both see each other).</summary>
public static class LinkRectificationCase
{
    [Authorize(Roles.Supervisor)]
    public sealed record LinkRectificationCaseRequest : IRequest<RectificationTaskView>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string TaskId { get; init; } = "";
        public string? CaseNo { get; init; }
    }

    public sealed class Validator : AbstractValidator<LinkRectificationCaseRequest>
    {
        public Validator() => RuleFor(r => r.CaseNo).NotEmpty().Matches("^XF[0-9]{10,14}$").WithMessage("'Case No' is a case number such as XF2023000123.");
    }

    public sealed class Handler(LedgerAccess access, CaseReader cases) : IRequestHandler<LinkRectificationCaseRequest, RectificationTaskView>
    {
        public async Task<RectificationTaskView> Handle(LinkRectificationCaseRequest request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var (current, plan) = await access.VisibleTaskAsync(caller, request.TaskId, cancellationToken);
            if (!caller.Supervises(current, plan.OwnerUnit)) throw new ForbiddenException("Only a supervisor in the task's scope links cases to it.");
            var caseNo = request.CaseNo!.Trim();
            var petitionCase = await cases.GetAsync(caseNo);
            if (petitionCase is null || !Scope.ForCases(caller.User, caller.Tree).IncludesAny(petitionCase.Units))
                throw new InvalidFieldException("caseNo", ValidationCodes.KnownCase, $"Case {caseNo} was not found.");
            var task = await access.ExecuteAsync(request.TaskId, new Domain.Rectification.LinkTaskCaseCommand(caseNo), caller.Actor);
            return await access.ViewAsync(caller, task, plan, cancellationToken);
        }
    }
}

/// <summary>DELETE /api/rectification/tasks/{id}/cases/{caseNo}: the case is not about this problem after all.</summary>
public static class UnlinkRectificationCase
{
    [Authorize(Roles.Supervisor)]
    public sealed record UnlinkRectificationCaseRequest(string TaskId, string CaseNo) : IRequest<RectificationTaskView>;

    public sealed class Handler(LedgerAccess access) : IRequestHandler<UnlinkRectificationCaseRequest, RectificationTaskView>
    {
        public async Task<RectificationTaskView> Handle(UnlinkRectificationCaseRequest request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var (current, plan) = await access.VisibleTaskAsync(caller, request.TaskId, cancellationToken);
            if (!caller.Supervises(current, plan.OwnerUnit)) throw new ForbiddenException("Only a supervisor in the task's scope unlinks cases.");
            var task = await access.ExecuteAsync(request.TaskId, new Domain.Rectification.UnlinkTaskCaseCommand(request.CaseNo), caller.Actor);
            return await access.ViewAsync(caller, task, plan, cancellationToken);
        }
    }
}

/// <summary>GET /api/rectification/cases/{caseNo}/tasks: the rectification tasks a case is linked to (for whoever may see the case).</summary>
public static class ListCaseRectificationTasks
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record ListCaseRectificationTasksQuery(string CaseNo) : IRequest<IReadOnlyList<RectificationTaskListItem>>, ICaseRequest;

    public sealed class Handler(LedgerAccess access, IRectificationReadModel ledger, IClock clock) : IRequestHandler<ListCaseRectificationTasksQuery, IReadOnlyList<RectificationTaskListItem>>
    {
        public async Task<IReadOnlyList<RectificationTaskListItem>> Handle(ListCaseRectificationTasksQuery request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var today = ChinaTime.DateOf(clock.UtcNow);
            return (await ledger.TasksOfCaseAsync(request.CaseNo, today, cancellationToken)).Select(r => RectificationTaskListItem.From(r, today, today, caller.Tree)).ToList();
        }
    }
}
