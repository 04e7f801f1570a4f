using Petitions.Application.Common.Security;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;

namespace Petitions.Host.Components.Cases;

/// <summary>The things a user can do to a case from its file (the API's case actions, plus revealing the complainant).</summary>
public enum CaseAction
{
    Assign, NotAccept, Accept, Transfer, SiteVisit, Result, Callback, RequestExtension, ApproveExtension, RefuseExtension,
    Close, Reopen, Supervise, Leader, AdjustProblem, LinkRepeat, UnlinkRepeat, Reveal,
}

/// <summary>
/// Which actions to offer: exactly those the user's role and relation to the case (lead unit, co-unit, scope) allow in
/// the case's current state, per the lifecycle rules. Offering is a courtesy; the pipeline and the domain still decide.
/// </summary>
public static class CaseActions
{
    public static IReadOnlyList<CaseAction> For(PetitionView c, CurrentUser user)
    {
        var lead = c.LeadUnit ?? c.RegionCode;
        var handler = user.IsInRole(Roles.Handler);
        var leadHandler = handler && user.Units.Contains(lead);
        var coHandler = handler && c.CoUnits.Any(u => user.Units.Contains(u.Code));
        var intake = user.IsInRole(Roles.Intake);
        var supervisor = user.IsInRole(Roles.Supervisor);
        var s = c.Status;
        var finallyClosed = s == CaseStatus.Closed && c.Closure?.Kind == ClosureKind.Final;
        var stageClosed = s == CaseStatus.Closed && c.Closure?.Kind == ClosureKind.Stage;
        var pendingExtension = c.Extension?.Status == ExtensionStatus.Pending;

        var actions = new List<CaseAction>();
        void When(bool condition, CaseAction action)
        {
            if (condition) actions.Add(action);
        }

        When((intake || supervisor) && s == CaseStatus.Registered, CaseAction.Assign);
        When((intake || supervisor) && s == CaseStatus.Registered, CaseAction.NotAccept);
        When(leadHandler && s == CaseStatus.Assigned, CaseAction.Accept);
        When((supervisor || leadHandler) && s is CaseStatus.Assigned or CaseStatus.InProgress, CaseAction.Transfer);
        When((leadHandler || coHandler) && s is CaseStatus.InProgress or CaseStatus.ResultSubmitted, CaseAction.SiteVisit);
        When(leadHandler && s == CaseStatus.InProgress, CaseAction.Result);
        When((leadHandler || supervisor) && s is CaseStatus.ResultSubmitted or CaseStatus.Closed, CaseAction.Callback);
        When(leadHandler && s == CaseStatus.InProgress && c.Extension?.Status is null or ExtensionStatus.Refused, CaseAction.RequestExtension);
        When(supervisor && pendingExtension && s is CaseStatus.InProgress or CaseStatus.ResultSubmitted, CaseAction.ApproveExtension);
        When(supervisor && pendingExtension && s is CaseStatus.InProgress or CaseStatus.ResultSubmitted, CaseAction.RefuseExtension);
        When(supervisor && (s == CaseStatus.ResultSubmitted || stageClosed), CaseAction.Close);
        When(supervisor && s is CaseStatus.ResultSubmitted or CaseStatus.Closed, CaseAction.Reopen);
        When(supervisor && s != CaseStatus.NotAccepted && !finallyClosed, CaseAction.Supervise);
        When(supervisor && s != CaseStatus.NotAccepted, CaseAction.Leader);
        When(supervisor && c.ProblemListEntry is not null, CaseAction.AdjustProblem);
        When((intake || supervisor) && !c.IsRepeat && s != CaseStatus.NotAccepted, CaseAction.LinkRepeat);
        When((intake || supervisor) && c.IsRepeat, CaseAction.UnlinkRepeat);
        When((intake || supervisor || leadHandler) && c.Complainant is { Anonymous: false } who && (who.Name ?? who.Phone ?? who.Address) is not null, CaseAction.Reveal);

        return actions.Where(CaseActionSender.IsAvailable).ToList();
    }
}
