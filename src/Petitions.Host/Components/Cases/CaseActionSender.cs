using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Repeats;
using Petitions.Domain.Common;

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
}

/// <summary>
/// Turns a dialog's input into the MediatR request of the action and sends it. An action whose feature has not been
/// built yet is not available (and so not offered); wiring it is one case here.
/// </summary>
public static class CaseActionSender
{
    public static bool IsAvailable(CaseAction action) => action switch
    {
        CaseAction.Assign or CaseAction.LinkRepeat or CaseAction.UnlinkRepeat => true,
        _ => false,
    };

    public static async Task<PetitionView> SendAsync(UiMediator mediator, PetitionView c, CaseAction action, ActionForm f, IClock clock)
    {
        var version = c.Version;
        return action switch
        {
            CaseAction.Assign => await mediator.Send(new AssignPetition.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, LeadUnit = f.Unit, CoUnits = f.CoUnits,
                DueAt = f.Date is { } d ? Shared.Fmt.EndOfChinaDay(d) : null,
            }),
            CaseAction.LinkRepeat => await mediator.Send(new LinkRepeatOf.Command
            {
                CaseNo = c.CaseNo, ExpectedVersion = version, OriginalCaseNo = f.CaseNo?.Trim(), Reason = f.Reason,
            }),
            CaseAction.UnlinkRepeat => await mediator.Send(new UnlinkRepeatOf.Command { CaseNo = c.CaseNo, ExpectedVersion = version, Reason = f.Reason }),
            _ => throw new NotSupportedException($"The action {action} is not available yet."),
        };
    }
}
