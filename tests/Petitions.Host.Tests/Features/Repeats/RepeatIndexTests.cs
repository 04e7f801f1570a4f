using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Subjects;
using Petitions.Host.Tests.Infrastructure;
using Petitions.Infrastructure.ReadModel;

namespace Petitions.Host.Tests.Features.Repeats;

/// <summary>
/// The near-match index at a size where its common grams have more postings than the search reads: what intake is
/// offered, and the per-gram posting counts against a recount of the postings, after registrations and a rebuild.
/// </summary>
public abstract class RepeatIndexTests(PetitionsHost host)
{
    private const string Region = "654000";
    private const int Crowd = 1_200;

    // No character of the distinctive name 天马星河 and no digit: the crowd shares only its common prefix with it.
    private const string Suffixes = "东西南北中华新山金银铜铁石木水火土光明安";

    /// <summary>The grams whose stored count differs from a recount of repeat_bigram (a wrong count, a missing one, one too many).</summary>
    private Task<long> CountsDifferingFromRecount() => host.Scalar<long>(
        """
        SELECT COUNT(*) FROM (
            SELECT region_code, kind, bigram FROM (
                SELECT region_code, kind, bigram, COUNT(*) AS postings FROM repeat_bigram GROUP BY region_code, kind, bigram
                EXCEPT SELECT region_code, kind, bigram, postings FROM repeat_bigram_count) recounted
            UNION
            SELECT region_code, kind, bigram FROM (
                SELECT region_code, kind, bigram, postings FROM repeat_bigram_count
                EXCEPT SELECT region_code, kind, bigram, COUNT(*) AS postings FROM repeat_bigram GROUP BY region_code, kind, bigram) stored
        ) differing
        """);

    [Fact]
    public async Task A_distinctive_near_match_is_found_among_thousands_of_names_sharing_common_grams_and_the_counts_equal_a_recount()
    {
        // A crowd of companies "伊宁市某某化工<four characters>" on "伊宁市某某路<n>号", written by the real projector.
        var random = new Random(16);
        var now = host.Clock.GetUtcNow();
        var crowd = Enumerable.Range(1, Crowd).Select(i =>
        {
            var target = "伊宁市某某化工" + new string(Enumerable.Range(0, 4).Select(_ => Suffixes[random.Next(Suffixes.Length)]).ToArray()) + "有限公司";
            var register = new RegisterCaseCommand(Channel.Hotline, now.AddDays(-2), null, null, null, null, null, Region, $"伊宁市某某路{i}号", target,
                SubjectKey.For(Region, target), [Category.Air], "夜间排放刺鼻气味。", null);
            var (state, decision) = PetitionRules.Handle(null, $"XF1998{i:D6}", register, CommandContext.For(Actor.System, now));
            Assert.Null(decision.Violation);
            return (state!, (string?)null);
        }).ToList();
        await ActivatorUtilities.CreateInstance<CaseProjector>(host.Services).ProjectBatchAsync(crowd);

        var intake = await host.ClientFor("intake");
        var original = (await intake.PostJson("/api/petitions",
            Complaints.Valid(now, Region, "伊宁市某某化工天马星河有限公司").With("address", "伊宁市某某路天马星河大院"), 201))["caseNo"]!.GetValue<string>();
        await intake.PostJson("/api/petitions", Complaints.Valid(now, Region, "伊宁市某某化工东西南北有限公司"), 201);
        Assert.Equal(0, await CountsDifferingFromRecount());

        // The common grams hold more postings than a search reads: the budget, not only the exact filter, is at work.
        var database = host.Services.GetRequiredService<IDatabase>();
        var probe = "伊宁市某某化工天马星河厂";
        Dictionary<string, long> counts;
        await using (var connection = await database.OpenAsync())
        {
            counts = await RepeatIndex.CountsAsync(connection, database.Dialect, Region, RepeatIndex.TargetKind, Similarity.BigramsOf(SubjectKey.Normalize(probe)).ToList(), CancellationToken.None);
        }

        Assert.Equal(await host.Scalar<long>("SELECT COUNT(*) FROM subject_index WHERE region_code = @Region AND normalized LIKE '%化工%'", new { Region }), counts["化工"]);
        var selection = NearMatchGrams.Select(SubjectKey.Normalize(probe), counts, 0.5);
        Assert.False(selection.Complete);
        Assert.Contains("化工", selection.DroppedSafely.Concat(selection.DroppedOverBudget));
        Assert.InRange(selection.PostingsToRead, 1, NearMatchGrams.PostingBudget);

        var byTarget = (await intake.PostJson("/api/petitions/repeat-check", new { regionCode = Region, target = probe })).AsArray();
        var found = Assert.Single(byTarget, c => c!["caseNo"]!.GetValue<string>() == original)!;
        Assert.Equal("SimilarTarget", found["reason"]!.GetValue<string>());
        Assert.Equal(Math.Round(Similarity.Bigrams(SubjectKey.Normalize(probe), SubjectKey.Normalize("伊宁市某某化工天马星河")), 3), found["score"]!.GetValue<double>());
        Assert.Equal(original, byTarget[0]!["caseNo"]!.GetValue<string>());

        var byAddress = (await intake.PostJson("/api/petitions/repeat-check",
            new { regionCode = Region, target = "完全无关的养殖场", address = "伊宁市某某路天马星河大院1号" })).AsArray();
        Assert.Equal("SimilarAddress", Assert.Single(byAddress, c => c!["caseNo"]!.GetValue<string>() == original)!["reason"]!.GetValue<string>());

        // Damaged counts (a bug, a hand edit) are found and set right by the rebuild, which also removes the crowd: read-model
        // rows without a case state, whose address postings leave the counts with them.
        await host.Execute("UPDATE repeat_bigram_count SET postings = postings + 5 WHERE region_code = @Region AND kind = 'T' AND bigram = '化工'", new { Region });
        await host.Execute("DELETE FROM repeat_bigram_count WHERE region_code = @Region AND kind = 'A' AND bigram = '大院'", new { Region });
        Assert.Equal(2, await CountsDifferingFromRecount());
        var admin = await host.ClientFor("admin");
        var report = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.Equal(Crowd, report["removed"]!.GetValue<long>());
        Assert.Equal(2, report["gramCountsCorrected"]!.GetValue<long>());
        Assert.Equal(0, await CountsDifferingFromRecount());
        Assert.Equal(0, await host.Scalar<long>("SELECT COUNT(*) FROM repeat_bigram WHERE kind = 'A' AND ref LIKE 'XF1998%'"));

        var again = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.False(again["corrected"]!.GetValue<bool>(), again.ToJsonString());
        Assert.Equal(0, again["gramCountsCorrected"]!.GetValue<long>());
        Assert.Contains((await intake.PostJson("/api/petitions/repeat-check", new { regionCode = Region, target = probe })).AsArray(),
            c => c!["caseNo"]!.GetValue<string>() == original);
    }
}

public sealed class RepeatIndexOnSqlite(SqliteHost host) : RepeatIndexTests(host), IClassFixture<SqliteHost>;

public sealed class RepeatIndexOnPostgres(PostgresHost host) : RepeatIndexTests(host), IClassFixture<PostgresHost>;
