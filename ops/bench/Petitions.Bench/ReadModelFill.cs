using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Features.Repeats;
using Petitions.Contracts;
using Petitions.Contracts.Cases;
using Petitions.Contracts.Numbers;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Storage;
using Petitions.Contracts.Subjects;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Privacy;
using Petitions.Demo;
using Petitions.Infrastructure.ReadModel;
using Petitions.Infrastructure.Storage;

namespace Petitions.Bench;

/// <summary>
/// Grows the database to a size, as the demo loader would but in bulk: demo-shaped plans (two inspection rounds in daily
/// batches, routine complaints, fates, verdicts, repeats, the 28 units), each case decided by the pure domain rules from
/// its dated history exactly as the loader sends it (<see cref="CaseHistoryReplay"/>), then persisted as the grains
/// persist it — through the silo's own grain storage provider (the keyed "petitions" <see cref="IGrainStorage"/>: the
/// ADO.NET provider, gated on SQLite, with the project's serializer that seals complainant identities):
/// <list type="bullet">
/// <item>the case grain's state (<see cref="PetitionCaseState"/>); an original carries its repeats as the repeat's
/// publish would have recorded them (<see cref="RecordRepeatCommand"/> by the system);</item>
/// <item>the read model through the real projector (case row, units, categories, search grams, statistics counters),
/// with the stored version, so the start-up catch-up finds nothing to do;</item>
/// <item>the handover registration keys (round + handover number → case number), the case-number sequence of every
/// year past the numbers used, and the complaint subjects (target and phone) with every case about them, so repeat
/// detection, new registrations and re-imported handover lists behave on the result as on a live system.</item>
/// </list>
/// Cases are decided in parallel (an original with its repeats together) and written in batches. On SQLite the build
/// commits with <c>synchronous=NORMAL</c> by default (<see cref="SqliteSynchronousMode.Normal"/>, the product's own
/// setting: WAL never corrupts, a killed process loses nothing) and ends with a checkpoint that flushes the file, then
/// the host's own setting (FULL) applies again; <c>--build-synchronous full</c> builds with a flush per commit.
/// </summary>
public sealed class ReadModelFill(BenchHost host, int parallelism, Action<string> log, SqliteSynchronousMode buildSynchronous = SqliteSynchronousMode.Normal)
{
    private readonly List<PlannedCase> probes = [];
    private readonly List<(string Region, string Target, string? Phone, string? Address)> stored = [];
    private const int BatchSize = 500;
    private readonly Random random = new(7);

    /// <summary>What the last fill measured: cases per second over the whole fill, and where the time went.</summary>
    public FillReport? Last { get; private set; }

    public async Task FillToAsync(int target)
    {
        Last = null;
        var services = host.Services;
        var database = services.GetRequiredService<IDatabase>();
        long current;
        await using (var connection = await database.OpenAsync()) current = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM case_index");
        var need = (int)(target - current);
        if (need <= 0)
        {
            if (probes.Count == 0 && stored.Count == 0) await SampleProbesAsync(database);
            return;
        }

        var r1 = (int)(need * 0.63);
        var r2 = (int)(need * 0.26);
        var size = new DemoSize
        {
            Round1Cases = r1, Round1Closed = (int)Math.Round(r1 * 0.721), Round2Cases = r2, Round2Closed = (int)Math.Round(r2 * 0.985),
            RoutineCases = need - r1 - r2,
        };
        var clock = services.GetRequiredService<IClock>();
        var now = clock.UtcNow;
        var total = Stopwatch.StartNew();
        var watch = Stopwatch.StartNew();
        var plan = DemoPlan.Build(size, ChinaTime.DateOf(now));
        // A later fill plans the same handover numbers again (same seed): they get the fill's start as a suffix, so
        // every handover entry keeps one case.
        var cases = current == 0 ? plan.Cases : plan.Cases.Select(c => c with { ExternalRef = $"{c.ExternalRef}-{current}" }).ToList();
        var planning = watch.Elapsed;
        log($"  fill: planned {need} cases in {planning.TotalSeconds:F1} s");

        var rounds = services.GetRequiredService<RoundCatalog>();
        foreach (var round in plan.Rounds)
        {
            await rounds.AddRoundAsync(new NewRound(round.Code, round.Name, round.StartsOn, round.EndsOn, round.HandlingDays, round.NameEn), CancellationToken.None);
            foreach (var batch in round.Batches) await rounds.AddBatchAsync(batch, CancellationToken.None);
        }

        var sqlite = database.Dialect == SqlDialect.Sqlite;
        var configured = services.GetRequiredService<StorageOptions>().SqliteSynchronous;
        if (sqlite && buildSynchronous != configured) Synchronous(buildSynchronous);
        try
        {
            await BuildAsync();
        }
        finally
        {
            if (sqlite && buildSynchronous != configured)
            {
                await using (var connection = await database.OpenAsync()) await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
                Synchronous(configured);
            }
        }

        return;

        void Synchronous(SqliteSynchronousMode mode)
        {
            // Every connection opened from now on (pooled ones are dropped): ours, the projector's and the grain storage's.
            SqliteTuning.Apply(mode);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            log($"  fill: SQLite synchronous={mode.ToString().ToUpperInvariant()} from here on");
        }

        async Task BuildAsync()
        {
            var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Petitions);
            var grains = services.GetRequiredService<IGrainFactory>();
            var phones = services.GetRequiredService<PhoneHasher>();
            var projector = ActivatorUtilities.CreateInstance<CaseProjector>(services);

            // Case numbers as the case-number grains hand them out (XF + year of receipt + sequence), taken past what each
            // year's sequence has reserved, and the sequence moved past them: new registrations continue after them.
            var numbers = new string[cases.Count];
            foreach (var year in Enumerable.Range(0, cases.Count).GroupBy(i => ChinaTime.DateOf(cases[i].ReceivedAt).Year))
            {
                var id = grains.GetGrain<ICaseNumberGrain>(year.Key).GetGrainId();
                var sequence = new BenchState<CaseNumberState>(new CaseNumberState());
                await storage.ReadStateAsync(StateNames.CaseNumbers, id, sequence);
                sequence.State ??= new CaseNumberState();
                var next = sequence.State.NextBlockStart;
                foreach (var i in year) numbers[i] = GrainKeys.CaseNo(year.Key, next++);
                sequence.State.NextBlockStart = next;
                await storage.WriteStateAsync(StateNames.CaseNumbers, id, sequence);
            }

            // An original with its repeats is one unit of work: the repeats are decided after it and recorded on it.
            var position = cases.Select((c, i) => (c.Index, i)).ToDictionary(x => x.Index, x => x.i);
            var repeatsOf = Enumerable.Range(0, cases.Count).Where(i => cases[i].RepeatOf is not null)
                .ToLookup(i => position[cases[i].RepeatOf!.Value]);
            var groups = Enumerable.Range(0, cases.Count).Where(i => cases[i].RepeatOf is null)
                .Select(i => (Original: i, Repeats: repeatsOf[i].OrderBy(r => cases[r].ReceivedAt).ThenBy(r => r).ToArray())).ToList();
            var batches = new List<List<(int Original, int[] Repeats)>>();
            foreach (var group in groups)
            {
                if (batches.Count == 0 || batches[^1].Sum(g => 1 + g.Repeats.Length) >= BatchSize) batches.Add([]);
                batches[^1].Add(group);
            }

            // SQLite has one writer (SqliteWriteGate): more writers in flight only queue on the gate. PostgreSQL takes them
            // all: batches in flight × writers each ≈ --parallelism connections (the pool's size is twice that). On
            // PostgreSQL a batch's projection is one round trip per statement and took 93% of the time at 100k with 3
            // batches in flight; 12 in flight queued on the statistics counters' row locks (each batch's delta is applied
            // at its end, in its transaction) past the command timeout.
            var batchesInFlight = sqlite ? Environment.ProcessorCount + 1 : 3;
            var writers = sqlite ? 4 : Math.Max(1, parallelism / batchesInFlight);

            // The baseline of the same run: bare writes of a case state through the same provider, as many in flight as the build has.
            var sample = new PetitionCaseState { Case = await DecideAsync(cases[0], numbers[0], null) };
            watch.Restart();
            const int baselineWrites = 2000;
            await Parallel.ForEachAsync(Enumerable.Range(0, baselineWrites), new ParallelOptions { MaxDegreeOfParallelism = sqlite ? writers : parallelism }, async (i, _) =>
                await storage.WriteStateAsync("bench", GrainId.Create("bench-fill", $"{current}-{i}"), new BenchState<PetitionCaseState>(sample)));
            var baselineTime = watch.Elapsed;
            var storageWrites = baselineWrites / baselineTime.TotalSeconds;
            log($"  fill: baseline {storageWrites:F0} bare grain-storage writes/s ({(sqlite ? writers : parallelism)} in flight)");

            // Complaint subjects gather every case about them; they are written once all cases are.
            var subjects = new ConcurrentDictionary<string, List<SubjectCase>>(StringComparer.Ordinal);
            long deciding = 0, caseWrites = 0, projecting = 0, keyWrites = 0;
            var written = 0;
            watch.Restart();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = batchesInFlight }, async (batch, ct) =>
            {
                var step = Stopwatch.StartNew();
                var decided = new List<(int Index, PetitionCase Case)>(BatchSize);
                foreach (var (original, repeats) in batch)
                {
                    var originalNo = numbers[original];
                    var state = await DecideAsync(cases[original], originalNo, null);
                    foreach (var r in repeats)
                    {
                        var repeat = await DecideAsync(cases[r], numbers[r], originalNo);
                        decided.Add((r, repeat));
                        // What the repeat's publish does: the original records it (the system, at the load's moment).
                        var (next, decision) = PetitionRules.Handle(state, originalNo, new RecordRepeatCommand(repeat.CaseNo, repeat.RepeatLinkedAt),
                            new CommandContext(Actor.System, now, ProblemDefaults.Standard));
                        if (decision.Violation is { } violation) throw new InvalidOperationException($"{cases[original].ExternalRef}: recording repeat {repeat.CaseNo}: {violation.Message}");
                        state = next!;
                    }

                    decided.Add((original, state));
                }

                Interlocked.Add(ref deciding, step.ElapsedTicks);
                step.Restart();

                // The case grains' states, then the read model with the stored versions (persist, then project: as the grain does).
                var stored = new (PetitionCase Case, string? StorageEtag)[decided.Count];
                await Parallel.ForEachAsync(Enumerable.Range(0, decided.Count), new ParallelOptions { MaxDegreeOfParallelism = writers, CancellationToken = ct }, async (k, _) =>
                {
                    var petitionCase = decided[k].Case;
                    var grainState = new BenchState<PetitionCaseState>(new PetitionCaseState { Case = petitionCase });
                    await storage.WriteStateAsync(StateNames.PetitionCase, grains.GetGrain<IPetitionCaseGrain>(petitionCase.CaseNo).GetGrainId(), grainState);
                    stored[k] = (petitionCase, grainState.ETag);
                });
                Interlocked.Add(ref caseWrites, step.ElapsedTicks);
                step.Restart();

                await projector.ProjectBatchAsync(stored, ct);
                Interlocked.Add(ref projecting, step.ElapsedTicks);
                step.Restart();

                // The handover entries (what the registration-key grain stores when a handover list registers a case).
                await Parallel.ForEachAsync(decided, new ParallelOptions { MaxDegreeOfParallelism = writers, CancellationToken = ct }, async (d, _) =>
                {
                    var c = cases[d.Index];
                    var key = new BenchState<RegistrationKeyState>(new RegistrationKeyState { CaseNo = d.Case.CaseNo });
                    await storage.WriteStateAsync(StateNames.RegistrationKey, grains.GetGrain<IRegistrationKeyGrain>(GrainKeys.HandoverEntry(c.RoundCode, c.ExternalRef)).GetGrainId(), key);
                });
                Interlocked.Add(ref keyWrites, step.ElapsedTicks);

                foreach (var (index, petitionCase) in decided)
                {
                    // A planned repeat was linked to its original when it was recorded; no other case is linked (targets are unique per fill).
                    var entry = SubjectCase.Of(petitionCase) with { LinkedTo = petitionCase.RepeatOf };
                    Gather(SubjectKeys.Target(petitionCase.SubjectKey), entry);
                    if (petitionCase.Complainant?.PhoneHash is { } phoneHash) Gather(SubjectKeys.Phone(petitionCase.RegionCode, phoneHash), entry with { LinkedTo = null });
                }

                var done = Interlocked.Add(ref written, decided.Count);
                if (done / 100_000 != (done - decided.Count) / 100_000) log($"  fill: {done} of {need} cases written ({watch.Elapsed.TotalSeconds:F0} s, {done / watch.Elapsed.TotalSeconds:F0} cases/s)");
            });
            var casesTime = watch.Elapsed;
            log($"  fill: {need} cases decided and written in {casesTime.TotalSeconds:F1} s ({need / casesTime.TotalSeconds:F0} cases/s); " +
                $"time summed over the batches in flight: deciding {Seconds(deciding)} s, case states {Seconds(caseWrites)} s, read model {Seconds(projecting)} s ({BatchSize} per transaction), handover keys {Seconds(keyWrites)} s");

            // The subjects: one state each, with every case about it (added to what an earlier fill stored).
            watch.Restart();
            await Parallel.ForEachAsync(subjects, new ParallelOptions { MaxDegreeOfParallelism = sqlite ? writers : parallelism }, async (subject, _) =>
            {
                var id = grains.GetGrain<IComplaintSubjectGrain>(subject.Key).GetGrainId();
                var state = new BenchState<ComplaintSubjectState>(new ComplaintSubjectState());
                if (current > 0)
                {
                    await storage.ReadStateAsync(StateNames.ComplaintSubject, id, state);
                    state.State ??= new ComplaintSubjectState();
                }

                state.State.Cases.AddRange(subject.Value.OrderBy(c => c.ReceivedAt).ThenBy(c => c.CaseNo, StringComparer.Ordinal));
                await storage.WriteStateAsync(StateNames.ComplaintSubject, id, state);
            });
            var subjectsTime = watch.Elapsed;
            log($"  fill: {subjects.Count} complaint subjects (targets and phones) written in {subjectsTime.TotalSeconds:F1} s");
            var elapsed = total.Elapsed - baselineTime;
            Last = new FillReport(need, elapsed, planning, casesTime, subjectsTime, subjects.Count, storageWrites);
            log($"  fill: {need} cases in {elapsed.TotalSeconds:F1} s = {need / elapsed.TotalSeconds:F0} cases/s in all (planning, cases, subjects)");
            lock (probes) probes.AddRange(cases.Where((_, i) => i % 97 == 0));
            return;

            void Gather(string key, SubjectCase entry)
            {
                var list = subjects.GetOrAdd(key, _ => []);
                lock (list) list.Add(entry);
            }

            async Task<PetitionCase> DecideAsync(PlannedCase c, string caseNo, string? originalNo)
            {
                var phoneHash = await phones.HashAsync(PhoneNumber.Normalize(c.Complainant?.Phone));
                var history = DemoScript.HistoryFor(c, DemoLoader.Registration(c, phoneHash), originalNo, now);
                var (state, _, refusal) = CaseHistoryReplay.Replay(caseNo, history, DemoActors.Loader, now, ProblemDefaults.Standard);
                if (refusal is not null) throw new InvalidOperationException($"{c.ExternalRef}: step {refusal.Step} ({refusal.Kind}): {refusal.Violation.Message}");
                return state!;
            }
        }
    }

    private static string Seconds(long ticks) => (ticks / (double)Stopwatch.Frequency).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What intake might type: known targets (exact subjects), their first characters (near matches), with addresses.</summary>
    public IReadOnlyList<CheckRepeats.Query> Probes(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var (region, fullTarget, phone, address) = probes.Count > 0
            ? probes[random.Next(probes.Count)] is var c ? (c.RegionCode, c.Target, c.Complainant?.Phone, c.Address) : default
            : stored[random.Next(stored.Count)];
        var target = i % 2 == 0 ? fullTarget : fullTarget[..Math.Min(fullTarget.Length, 6)];
        return new CheckRepeats.Query(region, target, phone, address);
    }).ToList();

    /// <summary>A kept database measured as it is (<c>--database</c>): probes from every 7th of the first 2,000 stored cases by number (no phones: they are sealed).</summary>
    private async Task SampleProbesAsync(IDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string Region, string Target, string? Address)>(
            "SELECT region_code, target, address FROM case_index ORDER BY case_no LIMIT 2000");
        stored.AddRange(rows.Where((_, i) => i % 7 == 0).Select(r => (r.Region, r.Target, (string?)null, r.Address)));
        if (stored.Count == 0) throw new InvalidOperationException("The database holds no case to take repeat-check probes from.");
    }
}

/// <summary>One fill: cases, the whole time, and its parts (planning; deciding and writing the cases; the subjects).</summary>
public sealed record FillReport(int Cases, TimeSpan Total, TimeSpan Planning, TimeSpan CasesTime, TimeSpan SubjectsTime, int Subjects, double StorageWritesPerSecond)
{
    public double CasesPerSecond => Cases / Total.TotalSeconds;
}
