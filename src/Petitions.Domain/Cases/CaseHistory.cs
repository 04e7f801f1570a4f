namespace Petitions.Domain.Cases;

/// <summary>One command of a case's past, with the moment it happened and who did it.</summary>
public sealed record HistoryStep(DateTimeOffset At, Actor Actor, CaseCommand Command);

/// <summary>
/// A case's whole past brought in at once (a legacy ledger's row, the demo data): its registration first, then every
/// later command at its own time. <see cref="Source"/> names where it came from (a file name, "demo").
/// </summary>
public sealed record CaseHistory(IReadOnlyList<HistoryStep> Steps, string Source);

/// <summary>The step a history was refused at (0-based, in <see cref="CaseHistory.Steps"/>) and the rule that refused it.</summary>
public sealed record HistoryRefusal(int Step, CaseCommandKind Kind, RuleViolation Violation);

/// <summary>
/// Replays a history through <see cref="PetitionRules"/>: every step is decided as if it were sent at its own time
/// (deadlines, on-time and overdue follow from those dates), so a history the rules would refuse live is refused here,
/// with the step and the rule. Pure: the caller persists the result, or nothing.
/// </summary>
public static class CaseHistoryReplay
{
    public static (PetitionCase? State, IReadOnlyList<CaseEvent> Events, HistoryRefusal? Refusal) Replay(
        string caseNo, CaseHistory history, Actor importer, DateTimeOffset now, ProblemDefaults defaults)
    {
        var steps = history.Steps;
        if (steps.Count == 0 || steps[0].Command is not RegisterCaseCommand register)
        {
            return Refused(0, steps.Count == 0 ? CaseCommandKind.Register : CaseCommandTable.KindOf(steps[0].Command),
                new RuleViolation(Rules.HistoryStartsWithRegistration, ViolationKind.Invalid, "A history starts with the case's registration.", null, "steps"));
        }

        now = now.ToUniversalTime();
        PetitionCase? state = null;
        var events = new List<CaseEvent>();
        var previous = DateTimeOffset.MinValue;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var at = step.At.ToUniversalTime();
            var kind = CaseCommandTable.KindOf(step.Command);
            if (at > now + PetitionRules.ClockSkew)
                return Refused(i, kind, new(Rules.DateInFuture, ViolationKind.Invalid, $"The step is dated {at:yyyy-MM-dd HH:mm} UTC, in the future.", state?.Status, "at"));
            if (at < previous)
                return Refused(i, kind, new(Rules.HistoryOutOfOrder, ViolationKind.Invalid, "The step is dated before the step before it.", state?.Status, "at"));
            if (at < register.ReceivedAt.ToUniversalTime())
                return Refused(i, kind, new(Rules.DateBeforeReceipt, ViolationKind.Invalid, "The step is dated before the complaint was received.", state?.Status, "at"));
            if (i > 0 && step.Command is RegisterCaseCommand)
                return Refused(i, kind, CaseCommandTable.Conflict(state!, "register"));

            var (next, decision) = PetitionRules.Handle(state, caseNo, step.Command, new CommandContext(step.Actor, at, defaults));
            if (decision.Violation is { } violation) return Refused(i, kind, violation);
            events.AddRange(decision.Events);
            state = next;
            previous = at;
        }

        var imported = new HistoryImported(history.Source, steps.Count);
        state = PetitionRules.Evolve(state, caseNo, [imported], CommandContext.For(importer, now));
        events.Add(imported);
        return (state, events, null);
    }

    private static (PetitionCase?, IReadOnlyList<CaseEvent>, HistoryRefusal) Refused(int step, CaseCommandKind kind, RuleViolation violation) =>
        (null, [], new HistoryRefusal(step, kind, violation));
}
