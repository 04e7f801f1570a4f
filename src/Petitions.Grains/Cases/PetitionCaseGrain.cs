using Microsoft.Extensions.Logging;
using Petitions.Contracts;
using Petitions.Contracts.Cases;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Storage;
using Petitions.Contracts.Subjects;
using Petitions.Contracts.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Subjects;

namespace Petitions.Grains.Cases;

/// <summary>
/// One petition case. Thin: load, decide with the pure domain, persist, tell others. "Telling others" (the read
/// model, the complaint subjects, the original of a repeat) happens before the caller gets its answer, and again
/// on every activation and every replayed retry; every step is idempotent, so a crash between a write and the
/// steps after it heals itself.
/// </summary>
[GrainType("petition-case")]
public sealed class PetitionCaseGrain(
    [PersistentState(StateNames.PetitionCase, StorageNames.Petitions)] IPersistentState<PetitionCaseState> state,
    IClock clock,
    ICaseProjector projector,
    ILogger<PetitionCaseGrain> logger) : Grain, IPetitionCaseGrain
{
    private static readonly CommandMeta System = new(Actor.System);

    private string CaseNo => this.GetPrimaryKeyString();

    /// <summary>Events of a committed change whose publishing failed (the caller got an error): published on the next call.</summary>
    private IReadOnlyList<CaseEvent>? unpublished;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Case is not null)
        {
            await Publish([]);
        }
    }

    public async Task<PetitionCase?> Get()
    {
        await CatchUp();
        return state.State.Case;
    }

    public async Task<bool> Reseal()
    {
        await CatchUp();
        if (state.State.Case is not { } petitionCase) return false;
        await this.WriteOrDeactivate(state);
        // The read model keeps the stored state's version: it follows the rewrite.
        await projector.ProjectAsync(petitionCase, state.Etag);
        return true;
    }

    public async Task<CaseCommandResult> Execute(CaseCommand command, CommandMeta meta)
    {
        await CatchUp();
        var current = state.State.Case;
        if (meta.IdempotencyKey is { } key && state.State.Processed.Any(p => p.Key == key))
        {
            await Publish([]);
            return new CaseCommandResult(state.State.Case, null, CommandOutcome.ReplayedFromKey);
        }

        if (meta.ExpectedVersion is { } expected && current is not null && current.Version != expected)
        {
            return CaseCommandResult.Refused(current, new RuleViolation(Rules.VersionMismatch, ViolationKind.PreconditionFailed,
                $"The case is at version {current.Version}, not {expected}.", current.Status));
        }

        var decision = await Apply(command, meta);
        if (decision.Violation is { } violation)
        {
            return CaseCommandResult.Refused(current, violation);
        }

        if (decision.Events.Count == 0)
        {
            // A repeated registration (a retry after a crash) finishes what the first one may not have.
            if (command is RegisterCaseCommand) await Publish([]);
            return new CaseCommandResult(state.State.Case, null, CommandOutcome.AlreadyInEffect);
        }

        await Publish(decision.Events);
        return new CaseCommandResult(state.State.Case, null, CommandOutcome.Applied);
    }

    public async Task<HistoryImportResult> ImportHistory(HistoryImportMessage message, CommandMeta meta)
    {
        var history = message.ToHistory();
        await CatchUp();
        if (state.State.Case is { } existing)
        {
            await Publish([]);
            return new HistoryImportResult(existing, null, CommandOutcome.AlreadyInEffect);
        }

        var lead = history.Steps.FirstOrDefault()?.Command is RegisterCaseCommand register ? register.Assignment?.LeadUnit ?? register.RegionCode : null;
        var defaults = lead is null ? ProblemDefaults.Standard : await GrainFactory.GetGrain<IResponsibleUnitGrain>(lead).GetProblemDefaults();
        var (next, events, refusal) = CaseHistoryReplay.Replay(CaseNo, history, meta.Actor, clock.UtcNow, defaults);
        if (refusal is not null) return new HistoryImportResult(null, refusal, CommandOutcome.Refused);

        state.State.Case = next;
        if (meta.IdempotencyKey is { } key) Remember(key, next!.Version);
        await this.WriteOrDeactivate(state);
        logger.LogInformation("Case {CaseNo} v{Version}: history of {Steps} steps imported", CaseNo, next!.Version, history.Steps.Count);
        await Publish(events);
        return new HistoryImportResult(state.State.Case, null, CommandOutcome.Applied);
    }

    /// <summary>Decides, and when accepted persists the new state (with the idempotency key, in one write).</summary>
    private async Task<Decision> Apply(CaseCommand command, CommandMeta meta)
    {
        var current = state.State.Case;
        var context = new CommandContext(meta.Actor, clock.UtcNow, await DefaultsFor(command, current));
        var (next, decision) = PetitionRules.Handle(current, CaseNo, command, context);
        if (decision.IsRefused || decision.Events.Count == 0) return decision;

        state.State.Case = next;
        if (meta.IdempotencyKey is { } key) Remember(key, next!.Version);
        await this.WriteOrDeactivate(state);
        logger.LogInformation("Case {CaseNo} v{Version}: {Events}", CaseNo, next!.Version, string.Join(",", decision.Events.Select(e => e.GetType().Name)));
        return decision;
    }

    private async Task CatchUp()
    {
        if (unpublished is { } events) await Publish(events);
    }

    /// <summary>Read model, complaint subjects, repeat links: idempotent steps after every committed change.</summary>
    private async Task Publish(IReadOnlyList<CaseEvent> events)
    {
        unpublished = events;
        await PublishSteps(events);
        unpublished = null;
    }

    private async Task PublishSteps(IReadOnlyList<CaseEvent> events)
    {
        var petitionCase = state.State.Case!;
        await projector.ProjectAsync(petitionCase, state.Etag);

        var subject = GrainFactory.GetGrain<IComplaintSubjectGrain>(SubjectKeys.Target(petitionCase.SubjectKey));
        var original = await subject.Record(SubjectCase.Of(petitionCase));
        await RecordPhone(petitionCase);

        foreach (var unlinked in events.OfType<RepeatUnlinked>())
        {
            await GrainFactory.GetGrain<IPetitionCaseGrain>(unlinked.OriginalCaseNo).Execute(new WithdrawRepeatCommand(CaseNo), System);
        }

        // The subject chose an original by the repeat rule; the rule also says whether this case takes it.
        if (original is not null && RepeatPolicy.AcceptsAutomaticLink(petitionCase))
        {
            var linked = await Apply(new LinkRepeatCommand(original, RepeatPolicy.AutomaticLinkReason, Automatic: true), System);
            if (!linked.IsRefused && linked.Events.Count > 0)
            {
                petitionCase = state.State.Case!;
                await projector.ProjectAsync(petitionCase, state.Etag);
                await subject.Record(SubjectCase.Of(petitionCase));
                // The phone subject learns of the link now, not with the case's next command (a replay would write it then).
                await RecordPhone(petitionCase);
            }
        }

        // A noted decision comes from the original itself, which already counts this repeat and awaits this answer
        // (telling it again would call back into a grain that is waiting: a deadlock).
        var fromOriginal = events.Count > 0 && events.All(e => e is RepeatDecisionNoted);
        if (petitionCase.RepeatOf is { } repeatOf && !fromOriginal)
        {
            await GrainFactory.GetGrain<IPetitionCaseGrain>(repeatOf).Execute(new RecordRepeatCommand(CaseNo, petitionCase.RepeatLinkedAt), System);
        }

        // A supervisor's decision on a closed case that came back goes on the repeats' timelines too.
        foreach (var decided in events.OfType<RepeatDecided>())
        {
            foreach (var repeat in decided.RepeatCaseNos)
            {
                await GrainFactory.GetGrain<IPetitionCaseGrain>(repeat).Execute(new NoteRepeatDecisionCommand(CaseNo, decided.Decision, decided.Reason), System);
            }
        }
    }

    private async Task RecordPhone(PetitionCase petitionCase)
    {
        if (petitionCase.Complainant?.PhoneHash is { } phoneHash)
        {
            await GrainFactory.GetGrain<IComplaintSubjectGrain>(SubjectKeys.Phone(petitionCase.RegionCode, phoneHash)).Record(SubjectCase.Of(petitionCase));
        }
    }

    /// <summary>Commands that may put the case on the problem list take their defaults from the lead unit's profile.</summary>
    private async Task<ProblemDefaults> DefaultsFor(CaseCommand command, PetitionCase? current) =>
        current is not null && command is LogCallbackCommand or RecordLookBackCommand or CloseCaseCommand
            ? await GrainFactory.GetGrain<IResponsibleUnitGrain>(current.EffectiveLeadUnit).GetProblemDefaults()
            : ProblemDefaults.Standard;

    private void Remember(string key, int version)
    {
        var processed = state.State.Processed;
        processed.Add(new ProcessedCommand(key, version));
        if (processed.Count > PetitionCaseState.IdempotencyKeysKept)
        {
            processed.RemoveRange(0, processed.Count - PetitionCaseState.IdempotencyKeysKept);
        }
    }
}
