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
/// through its case grain with domain commands, the demo accounts as actors. Registrations use the handover key
/// (round + external number) and every later command an idempotency key "demo:{caseNo}:{step}", so a run that was
/// interrupted continues where it stopped and a repeated run changes nothing. All registrations come first (originals,
/// then repeats), so a repeat always meets an open original and never reopens a closed one.
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
            await rounds.AddRoundAsync(new NewRound(round.Code, round.Name, round.StartsOn, round.EndsOn, round.HandlingDays), cancellationToken);
            foreach (var batch in round.Batches) await rounds.AddBatchAsync(batch, cancellationToken);
        }

        var size = work.Cases.Count == 0 ? 0 : work.Cases.Max(c => c.Index) + 1;
        var caseNos = new string?[size];
        var states = new PetitionCase?[size];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };

        progress.Phase = DemoProgress.Registering;
        foreach (var wave in new[] { work.Cases.Where(c => c.RepeatOf is null), work.Cases.Where(c => c.RepeatOf is not null) })
        {
            await Parallel.ForEachAsync(wave, options, async (c, ct) =>
            {
                var (caseNo, state) = await RegisterAsync(c, progress, ct);
                caseNos[c.Index] = caseNo;
                states[c.Index] = state;
                if (state is not null) progress.Registered();
            });
        }

        var registrationTime = watch.Elapsed;
        progress.Phase = DemoProgress.Handling;
        await Parallel.ForEachAsync(work.Cases, options, async (c, ct) =>
        {
            if (caseNos[c.Index] is not { } caseNo || states[c.Index] is not { } state) return;
            if (await HandleAsync(c, caseNo, state, progress, ct)) progress.Completed();
        });

        watch.Stop();
        return new DemoRunResult(work.Cases.Count, progress.Commands, progress.Replayed, progress.Failures, watch.Elapsed, registrationTime);
    }

    private async Task<(string CaseNo, PetitionCase? State)> RegisterAsync(PlannedCase c, DemoProgress progress, CancellationToken cancellationToken)
    {
        var year = ChinaTime.DateOf(c.ReceivedAt).Year;
        var caseNo = await Retry(() => grains.GetGrain<IRegistrationKeyGrain>(GrainKeys.HandoverEntry(c.RoundCode, c.ExternalRef)).Reserve(year), cancellationToken);
        var phoneHash = await phones.HashAsync(PhoneNumber.Normalize(c.Complainant?.Phone), cancellationToken);
        var state = await ExecuteAsync(c, caseNo, "register", DemoActors.Intake, Registration(c, phoneHash), progress, cancellationToken);
        return (caseNo, state);
    }

    /// <summary>The registration of a planned case: intake's request for it, mapped by the registration use case's own mapping.</summary>
    public static RegisterCaseCommand Registration(PlannedCase c, string? phoneHash)
    {
        var assigned = c.Fate is not (DemoFate.NotAccepted or DemoFate.Unassigned or DemoFate.Diverted);
        var request = new RegisterPetition.Command
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
        return RegisterPetition.ToDomain(request, c.RoundCode, c.RoundHandlingDays, phoneHash);
    }

    /// <summary>Runs the case's steps in order; false when one was refused or the case did not end where planned.</summary>
    private async Task<bool> HandleAsync(PlannedCase c, string caseNo, PetitionCase state, DemoProgress progress, CancellationToken cancellationToken)
    {
        foreach (var step in DemoScript.StepsFor(c))
        {
            var command = step.Command(new DemoStepContext(clock.UtcNow, state));
            if (await ExecuteAsync(c, caseNo, step.Name, step.Actor, command, progress, cancellationToken) is not { } next) return false;
            state = next;
        }

        var expected = c.Fate.Status();
        var kind = c.Fate switch { DemoFate.ClosedFinal => ClosureKind.Final, DemoFate.ClosedStage => ClosureKind.Stage, _ => (ClosureKind?)null };
        if (state.Status == expected && (kind is null || state.Closure?.Kind == kind)) return true;
        progress.Failed();
        logger.LogError("Demo case {ExternalRef} ({CaseNo}) ended {Status}, planned {Fate}", c.ExternalRef, caseNo, state.Status, c.Fate);
        return false;
    }

    private async Task<PetitionCase?> ExecuteAsync(PlannedCase c, string caseNo, string step, Actor actor, CaseCommand command, DemoProgress progress, CancellationToken cancellationToken)
    {
        var meta = new CommandMeta(actor, $"demo:{caseNo}:{step}");
        var result = await Retry(() => grains.GetGrain<IPetitionCaseGrain>(caseNo).Execute(command, meta), cancellationToken);
        progress.Command(wasReplayed: result.Outcome is CommandOutcome.ReplayedFromKey or CommandOutcome.AlreadyInEffect);
        if (result.Violation is not { } violation) return result.Case;
        progress.Failed();
        logger.LogError("Demo case {ExternalRef} ({CaseNo}) step {Step} was refused: {Rule} {Message}", c.ExternalRef, caseNo, step, violation.Rule, violation.Message);
        return null;
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
