using System.Diagnostics;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Features.Petitions;
using Petitions.Contracts;
using Petitions.Contracts.Cases;
using Petitions.Contracts.Numbers;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Privacy;

namespace Petitions.Demo;

/// <summary>
/// Pushes planned cases through the real command path: rounds and batches through the rounds writer, every case
/// through its case grain's history entry point (<see cref="IPetitionCaseGrain.ImportHistory"/>) with its dated
/// steps by the demo accounts, so timelines, deadlines and on-time rates follow the dates. A case's number comes from
/// its handover key (round + external number) and a case is imported whole or not at all, so a run that was
/// interrupted continues where it stopped and a repeated run changes nothing. Originals come first, then repeats (each
/// linked to its original as of its receipt).
/// </summary>
public sealed class DemoLoader(IGrainFactory grains, RoundCatalog rounds, PhoneHasher phones, IClock clock, ILogger<DemoLoader> logger)
{
    public const int DefaultParallelism = 24;
    private const int Attempts = 4;

    public async Task<DemoRunResult> RunAsync(DemoWork work, DemoProgress progress, int parallelism = DefaultParallelism, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        progress.Begin(work.Cases.Count);
        foreach (var round in work.Rounds)
        {
            await rounds.AddRoundAsync(new NewRound(round.Code, round.Name, round.StartsOn, round.EndsOn, round.HandlingDays, round.NameEn), cancellationToken);
            foreach (var batch in round.Batches) await rounds.AddBatchAsync(batch, cancellationToken);
        }

        var byIndex = work.Cases.ToDictionary(c => c.Index);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };

        // Originals first, then repeats: a repeat is linked to its original (already there) when it was received.
        progress.Phase = DemoProgress.Registering;
        var registrationTime = TimeSpan.Zero;
        foreach (var wave in new[] { work.Cases.Where(c => c.RepeatOf is null), work.Cases.Where(c => c.RepeatOf is not null) })
        {
            await Parallel.ForEachAsync(wave, options, async (c, ct) =>
            {
                var original = c.RepeatOf is { } o ? byIndex[o] : null;
                if (await ImportAsync(c, original, progress, ct)) progress.Completed();
            });
            if (registrationTime == TimeSpan.Zero) registrationTime = watch.Elapsed;
            progress.Phase = DemoProgress.Handling;
        }

        watch.Stop();
        return new DemoRunResult(work.Cases.Count, progress.Commands, progress.Replayed, progress.Failures, watch.Elapsed, registrationTime);
    }

    private Task<string> CaseNoOf(PlannedCase c, CancellationToken cancellationToken) =>
        Retry(() => grains.GetGrain<IRegistrationKeyGrain>(GrainKeys.HandoverEntry(c.RoundCode, c.ExternalRef)).Reserve(ChinaTime.DateOf(c.ReceivedAt).Year), cancellationToken);

    /// <summary>
    /// One case with its whole dated history, through its grain's history entry point (the domain rules decide every
    /// step at its date); false when the rules refused it or it did not end where planned.
    /// </summary>
    private async Task<bool> ImportAsync(PlannedCase c, PlannedCase? original, DemoProgress progress, CancellationToken cancellationToken)
    {
        var caseNo = await CaseNoOf(c, cancellationToken);
        var originalNo = original is null ? null : await CaseNoOf(original, cancellationToken);
        var phoneHash = await phones.HashAsync(PhoneNumber.Normalize(c.Complainant?.Phone), cancellationToken);
        var history = DemoScript.HistoryFor(c, Registration(c, phoneHash), originalNo, clock.UtcNow);
        var meta = new CommandMeta(DemoActors.Loader);
        var result = await Retry(() => grains.GetGrain<IPetitionCaseGrain>(caseNo).ImportHistory(HistoryImportMessage.Of(history), meta), cancellationToken);
        progress.AddCommands(history.Steps.Count, wasReplayed: result.Outcome is CommandOutcome.AlreadyInEffect or CommandOutcome.ReplayedFromKey);
        if (result.Refusal is { } refusal)
        {
            progress.Failed();
            logger.LogError("Demo case {ExternalRef} ({CaseNo}) step {Step} ({Kind}) was refused: {Rule} {Message}",
                c.ExternalRef, caseNo, refusal.Step, refusal.Kind, refusal.Violation.Rule, refusal.Violation.Message);
            return false;
        }

        progress.Registered();
        var state = result.Case!;
        var kind = c.Fate switch { DemoFate.ClosedFinal => ClosureKind.Final, DemoFate.ClosedStage => ClosureKind.Stage, _ => (ClosureKind?)null };
        if (state.Status == c.Fate.Status() && (kind is null || state.Closure?.Kind == kind)) return true;
        progress.Failed();
        logger.LogError("Demo case {ExternalRef} ({CaseNo}) ended {Status}, planned {Fate}", c.ExternalRef, caseNo, state.Status, c.Fate);
        return false;
    }

    /// <summary>The registration of a planned case: intake's request for it, mapped by the registration use case's own mapping.</summary>
    public static RegisterCaseCommand Registration(PlannedCase c, string? phoneHash) =>
        RegisterPetition.ToDomain(Request(c), c.RoundCode, c.RoundHandlingDays, phoneHash);

    /// <summary>Intake's request for a planned case (the body of POST /api/petitions), assigned at once unless its fate keeps it unassigned.</summary>
    public static RegisterPetition.Command Request(PlannedCase c)
    {
        var assigned = c.Fate is not (DemoFate.NotAccepted or DemoFate.Unassigned or DemoFate.Diverted);
        return new RegisterPetition.Command
        {
            Channel = c.Channel.ToString(),
            ReceivedAt = c.ReceivedAt,
            RoundCode = c.RoundCode,
            BatchNo = c.BatchNo,
            ExternalRef = c.ExternalRef,
            Complainant = c.Complainant is { } p ? new RegisterPetition.ComplainantInput(p.Name, p.Phone, p.Address, p.Anonymous) : null,
            RegionCode = c.RegionCode,
            Address = c.Address,
            Target = c.Target,
            Categories = c.Categories.Select(category => category.ToString()).ToList(),
            Description = c.Description,
            LeadUnit = assigned ? c.LeadUnit : null,
            CoUnits = assigned ? c.CoUnits : null,
        };
    }

    /// <summary>Every call is idempotent (registration key, idempotency key), so a failed call is simply sent again.</summary>
    private async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < Attempts && !cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                logger.LogWarning("Demo data: a call failed ({Error}), retrying", e.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }
}
