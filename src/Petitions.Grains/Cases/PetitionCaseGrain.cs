using Microsoft.Extensions.Logging;
using Petitions.Contracts;
using Petitions.Contracts.Cases;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Storage;
using Petitions.Contracts.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Grains.Cases;

/// <summary>
/// One petition case. Thin: load, decide with the pure domain, persist, tell others. The read model is told
/// before the caller gets its answer, and again on every activation, so a crash between the two heals itself.
/// </summary>
[GrainType("petition-case")]
public sealed class PetitionCaseGrain(
    [PersistentState(StateNames.PetitionCase, StorageNames.Petitions)] IPersistentState<PetitionCaseState> state,
    IClock clock,
    ICaseProjector projector,
    ILogger<PetitionCaseGrain> logger) : Grain, IPetitionCaseGrain
{
    private string CaseNo => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Case is { } existing)
        {
            await projector.ProjectAsync(existing, state.Etag, cancellationToken);
        }
    }

    public Task<PetitionCase?> Get() => Task.FromResult(state.State.Case);

    public async Task<CaseCommandResult> Execute(CaseCommand command, CommandMeta meta)
    {
        var current = state.State.Case;
        if (meta.IdempotencyKey is { } key && state.State.Processed.Any(p => p.Key == key))
        {
            await Publish(current!);
            return new CaseCommandResult(current, null, Replayed: true);
        }

        if (meta.ExpectedVersion is { } expected && current is not null && current.Version != expected)
        {
            return CaseCommandResult.Refused(current, new RuleViolation(Rules.VersionMismatch, ViolationKind.PreconditionFailed,
                $"The case is at version {current.Version}, not {expected}.", current.Status));
        }

        var context = new CommandContext(meta.Actor, clock.UtcNow, await DefaultsFor(command, current));
        var (next, decision) = PetitionRules.Handle(current, CaseNo, command, context);
        if (decision.Violation is { } violation)
        {
            return CaseCommandResult.Refused(current, violation);
        }

        if (decision.Events.Count == 0)
        {
            return new CaseCommandResult(current, null, Replayed: true);
        }

        state.State.Case = next;
        if (meta.IdempotencyKey is { } newKey)
        {
            Remember(newKey, next!.Version);
        }

        await this.WriteOrDeactivate(state);
        logger.LogInformation("Case {CaseNo} v{Version}: {Events}", CaseNo, next!.Version,
            string.Join(",", decision.Events.Select(e => e.GetType().Name)));
        await Publish(next);
        return new CaseCommandResult(next, null, Replayed: false);
    }

    /// <summary>Commands that may put the case on the problem list take their defaults from the lead unit's profile.</summary>
    private async Task<ProblemDefaults> DefaultsFor(CaseCommand command, PetitionCase? current) =>
        current is not null && command is LogCallback or RecordRepeat or RecordLookBack or CloseCase
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

    private Task Publish(PetitionCase petitionCase) => projector.ProjectAsync(petitionCase, state.Etag);
}
