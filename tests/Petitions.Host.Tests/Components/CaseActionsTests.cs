using Petitions.Application.Common.Security;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Host.Components.Cases;

namespace Petitions.Host.Tests.Components;

/// <summary>The case file offers exactly the actions a user's role, unit relation and the case's state allow.</summary>
public sealed class CaseActionsTests
{
    private static readonly CurrentUser Intake = new("intake", "受理员", [Roles.Intake], [], AllUnits: true);
    private static readonly CurrentUser Supervisor = new("supervisor", "督办", [Roles.Supervisor], [], AllUnits: true);
    private static readonly CurrentUser LeadHandler = new("handler.654000", "承办人", [Roles.Handler], ["654000"], AllUnits: false);
    private static readonly CurrentUser CoHandler = new("handler.654200", "承办人", [Roles.Handler], ["654200"], AllUnits: false);

    private static PetitionView Case(CaseStatus status, Action<PetitionViewBuilder>? change = null)
    {
        var builder = new PetitionViewBuilder { Status = status };
        change?.Invoke(builder);
        return builder.Build();
    }

    [Fact]
    public void A_registered_case_can_be_assigned_or_not_accepted_by_intake_and_supervisors_only()
    {
        var c = Case(CaseStatus.Registered);
        Assert.Contains(CaseAction.Assign, CaseActions.For(c, Intake));
        Assert.Contains(CaseAction.NotAccept, CaseActions.For(c, Supervisor));
        Assert.DoesNotContain(CaseAction.Assign, CaseActions.For(c, LeadHandler));
        Assert.DoesNotContain(CaseAction.Accept, CaseActions.For(c, LeadHandler));
    }

    [Fact]
    public void Only_the_lead_units_handler_accepts_and_submits_results_while_co_units_log_site_visits()
    {
        Assert.Contains(CaseAction.Accept, CaseActions.For(Case(CaseStatus.Assigned), LeadHandler));
        Assert.DoesNotContain(CaseAction.Accept, CaseActions.For(Case(CaseStatus.Assigned, b => b.CoUnits = ["654200"]), CoHandler));

        var inProgress = Case(CaseStatus.InProgress, b => b.CoUnits = ["654200"]);
        Assert.Contains(CaseAction.Result, CaseActions.For(inProgress, LeadHandler));
        Assert.Contains(CaseAction.SiteVisit, CaseActions.For(inProgress, CoHandler));
        Assert.DoesNotContain(CaseAction.Result, CaseActions.For(inProgress, CoHandler));
        Assert.DoesNotContain(CaseAction.Result, CaseActions.For(inProgress, Supervisor));
    }

    [Fact]
    public void Supervisors_close_after_a_result_and_finalise_a_stage_closure_but_not_a_final_one()
    {
        Assert.Contains(CaseAction.Close, CaseActions.For(Case(CaseStatus.ResultSubmitted), Supervisor));
        Assert.DoesNotContain(CaseAction.Close, CaseActions.For(Case(CaseStatus.InProgress), Supervisor));
        Assert.Contains(CaseAction.Close, CaseActions.For(Case(CaseStatus.Closed, b => b.ClosureKind = ClosureKind.Stage), Supervisor));
        var closed = CaseActions.For(Case(CaseStatus.Closed, b => b.ClosureKind = ClosureKind.Final), Supervisor);
        Assert.DoesNotContain(CaseAction.Close, closed);
        Assert.DoesNotContain(CaseAction.Supervise, closed);
        Assert.Contains(CaseAction.Reopen, closed);
        Assert.Contains(CaseAction.Callback, closed);
    }

    [Fact]
    public void Extensions_are_requested_once_by_the_lead_unit_and_decided_by_a_supervisor()
    {
        Assert.Contains(CaseAction.RequestExtension, CaseActions.For(Case(CaseStatus.InProgress), LeadHandler));
        var pending = Case(CaseStatus.InProgress, b => b.Extension = ExtensionStatus.Pending);
        Assert.DoesNotContain(CaseAction.RequestExtension, CaseActions.For(pending, LeadHandler));
        Assert.Contains(CaseAction.ApproveExtension, CaseActions.For(pending, Supervisor));
        Assert.Contains(CaseAction.RefuseExtension, CaseActions.For(pending, Supervisor));
        Assert.DoesNotContain(CaseAction.RequestExtension, CaseActions.For(Case(CaseStatus.InProgress, b => b.Extension = ExtensionStatus.Approved), LeadHandler));
    }

    [Fact]
    public void Nobody_is_offered_to_reveal_an_anonymous_complainant()
    {
        Assert.Contains(CaseAction.Reveal, CaseActions.For(Case(CaseStatus.Assigned), LeadHandler));
        Assert.DoesNotContain(CaseAction.Reveal, CaseActions.For(Case(CaseStatus.Assigned), CoHandler));
        Assert.DoesNotContain(CaseAction.Reveal, CaseActions.For(Case(CaseStatus.Assigned, b => b.Anonymous = true), Supervisor));
    }

    [Fact]
    public void A_not_accepted_case_offers_nothing_but_reveal()
    {
        var actions = CaseActions.For(Case(CaseStatus.NotAccepted), Supervisor);
        Assert.Equal([CaseAction.Reveal], actions);
    }

    public sealed class PetitionViewBuilder
    {
        public CaseStatus Status { get; set; }
        public IReadOnlyList<string> CoUnits { get; set; } = [];
        public ClosureKind? ClosureKind { get; set; }
        public ExtensionStatus? Extension { get; set; }
        public bool Anonymous { get; set; }

        public PetitionView Build() => new()
        {
            CaseNo = "XF2026000001",
            Status = Status,
            RegionCode = "654000",
            RegionName = "伊犁哈萨克自治州",
            LeadUnit = "654000",
            CoUnits = CoUnits.Select(u => new UnitRef(u, u)).ToList(),
            Target = "某公司",
            Description = "某事",
            Complainant = Anonymous ? new ComplainantView(null, null, null, true, true) : new ComplainantView("张*", "138****5678", null, false, true),
            Closure = ClosureKind is { } kind ? new Closure(kind, null, null, DateTimeOffset.UtcNow, null, true, "supervisor") : null,
            Extension = Extension is { } e ? new Extension(10, "理由", e, DateTimeOffset.UtcNow, "h", null, null, null) : null,
        };
    }
}
