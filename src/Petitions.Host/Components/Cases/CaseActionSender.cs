using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Repeats;
using Petitions.Domain.Cases;

namespace Petitions.Host.Components.Cases;

/// <summary>The input of an action dialog, one shape for all actions (each uses the fields it needs).</summary>
public sealed class ActionForm
{
    public string? Unit { get; set; }
    public List<string> CoUnits { get; set; } = [];
    public string? Reason { get; set; }
    public DateTime? Date { get; set; }
    public TimeSpan? Time { get; set; }
    public string? Inspectors { get; set; }
    public string? Findings { get; set; }
    public string? Measures { get; set; }
    public string? Penalties { get; set; }
    public string? PublicSummary { get; set; }
    public string? Verdict { get; set; }
    public string? Method { get; set; } = "Phone";
    public string? Contact { get; set; } = "Complainant";
    public string? Satisfaction { get; set; }
    public string? Kind { get; set; } = "Final";
    public string? Note { get; set; }
    public string? Target { get; set; }
    public string? ResponsiblePerson { get; set; }
    public int? Days { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? CaseNo { get; set; }
    public string? Opinion { get; set; }
    public string? CompetentBody { get; set; }
    public string? CompetentChannel { get; set; }
    public string? Document { get; set; }
    public string? DeliveryMethod { get; set; } = "InPerson";
    public string? Recipient { get; set; }
    /// <summary>The receiving body of a diversion (DivertBody).</summary>
    public string? Body { get; set; }
}

/// <summary>Turns a dialog's input into the MediatR request of the action and sends it.</summary>
public static class CaseActionSender
{
    /// <summary>A date and time typed in the UI (UTC+8); null when no date was given (the validator says so).</summary>
    private static DateTimeOffset? At(ActionForm f) => f.Date is { } d ? Shared.Fmt.FromChina(d, f.Time) : null;

    public static async Task<PetitionView> SendAsync(UiMediator mediator, PetitionView c, CaseCommandKind action, ActionForm f)
    {
        var version = c.Version;
        return action switch
        {
            CaseCommandKind.Assign => await mediator.Send(new AssignPetition.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, LeadUnit = f.Unit, CoUnits = f.CoUnits,
                DueAt = f.Date is { } d ? Shared.Fmt.EndOfChinaDay(d) : null,
            }),
            CaseCommandKind.LinkRepeat => await mediator.Send(new LinkRepeatOf.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, OriginalCaseNo = f.CaseNo?.Trim(), Reason = f.Reason,
            }),
            CaseCommandKind.UnlinkRepeat => await mediator.Send(new UnlinkRepeatOf.Command { CaseNo = c.CaseNo, ExpectedVersion = version, Reason = f.Reason }),
            CaseCommandKind.NotAccept => await mediator.Send(new NotAcceptPetition.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Reason = f.Reason,
                CompetentBody = InputRules.TrimOrNull(f.CompetentBody), CompetentChannel = InputRules.TrimOrNull(f.CompetentChannel),
            }),
            CaseCommandKind.Accept => await mediator.Send(new AcceptPetition.Command(c.CaseNo, ExpectedVersion: version)),
            CaseCommandKind.Transfer => await mediator.Send(new TransferPetition.Command { CaseNo = c.CaseNo, ExpectedVersion = version, ToUnit = f.Unit, Reason = f.Reason }),
            CaseCommandKind.SiteVisit => await mediator.Send(new LogSiteVisit.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, VisitedAt = At(f), Findings = f.Findings,
                Inspectors = (f.Inspectors ?? "").Split([',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            }),
            CaseCommandKind.Result => await mediator.Send(new SubmitResult.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Verdict = f.Verdict, Findings = f.Findings, Measures = f.Measures,
                Penalties = InputRules.TrimOrNull(f.Penalties), PublicSummary = f.PublicSummary, Opinion = InputRules.TrimOrNull(f.Opinion),
            }),
            CaseCommandKind.Callback => await mediator.Send(new LogCallback.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, CalledAt = At(f), Method = f.Method, Contact = f.Contact, Satisfaction = f.Satisfaction, Note = InputRules.TrimOrNull(f.Note),
            }),
            CaseCommandKind.RequestExtension => await mediator.Send(new RequestExtension.Command { CaseNo = c.CaseNo, ExpectedVersion = version, Days = f.Days, Reason = f.Reason }),
            CaseCommandKind.ApproveExtension => await mediator.Send(new ApproveExtension.Command(c.CaseNo, ExpectedVersion: version)),
            CaseCommandKind.RefuseExtension => await mediator.Send(new RefuseExtension.Command { CaseNo = c.CaseNo, ExpectedVersion = version, Reason = f.Reason }),
            CaseCommandKind.Close => await mediator.Send(new ClosePetition.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Kind = f.Kind, Note = InputRules.TrimOrNull(f.Note),
                RectificationDueAt = f.Kind == "Stage" && f.Date is { } due ? Shared.Fmt.EndOfChinaDay(due) : null,
            }),
            CaseCommandKind.Reopen => await mediator.Send(new ReopenPetition.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Reason = f.Reason, Target = f.Target, ResponsiblePerson = f.ResponsiblePerson,
                DueAt = f.Date is { } due ? Shared.Fmt.EndOfChinaDay(due) : null,
            }),
            CaseCommandKind.AdjustProblem => await mediator.Send(new AdjustProblemEntry.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Target = f.Target, ResponsiblePerson = f.ResponsiblePerson,
                DueAt = f.Date is { } due ? Shared.Fmt.EndOfChinaDay(due) : null,
            }),
            CaseCommandKind.Supervise => await mediator.Send(new SupervisePetition.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Note = f.Note, ReplyDueAt = f.Date is { } due ? Shared.Fmt.EndOfChinaDay(due) : null,
            }),
            CaseCommandKind.Leader => await mediator.Send(new NameLeaderOwner.Command { CaseNo = c.CaseNo, ExpectedVersion = version, Name = f.Name, Title = f.Title }),
            CaseCommandKind.RecordDelivery => await mediator.Send(new Petitions.Application.Features.Notices.RecordDelivery.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Document = f.Document, Method = f.DeliveryMethod, DeliveredAt = At(f), Recipient = InputRules.TrimOrNull(f.Recipient),
            }),
            CaseCommandKind.Divert => await mediator.Send(new Petitions.Application.Features.Triage.DivertPetition.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Body = f.Body, BodyName = InputRules.TrimOrNull(f.Name), Reason = f.Reason, Notice = InputRules.TrimOrNull(f.Note),
            }),
            CaseCommandKind.FlagUrgent => await mediator.Send(new Petitions.Application.Features.Triage.FlagUrgent.Command { CaseNo = c.CaseNo, ExpectedVersion = version, Kind = f.Kind, Reason = f.Reason }),
            CaseCommandKind.ReportUrgent => await mediator.Send(new Petitions.Application.Features.Triage.ReportUrgent.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Informed = f.Name, ReportedAt = At(f), Note = InputRules.TrimOrNull(f.Note),
            }),
            CaseCommandKind.RequestReview => await mediator.Send(new Petitions.Application.Features.Reviews.RequestReview.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, Level = f.Kind, RequestedAt = At(f), Reason = f.Reason,
            }),
            CaseCommandKind.ReviewHearing when c.Reviews.LastOrDefault(r => r.Answer is null) is { } open => await mediator.Send(new Petitions.Application.Features.Reviews.RecordReviewHearing.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, No = open.No, PausedAt = open.Paused ? null : At(f), ResumedAt = open.Paused ? At(f) : null,
            }),
            CaseCommandKind.DecideReview when c.Reviews.LastOrDefault(r => r.Answer is null) is { } open => await mediator.Send(new Petitions.Application.Features.Reviews.DecideReview.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, No = open.No, Outcome = f.Verdict, Opinion = f.Opinion,
            }),
            _ => throw new NotSupportedException($"The case file has no form for {action}."),
        };
    }
}
