using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.ReadModel;
using Petitions.Host.Tests.Infrastructure;
using Petitions.Infrastructure.ReadModel;

namespace Petitions.Host.Tests.Features.Petitions;

/// <summary>
/// The list's q through the gram index (schema 0018): every query answers exactly the cases the plain substring
/// condition over case number, target, description and address finds (the query before the index), for Chinese and
/// Latin text, one character or many.
/// </summary>
public abstract class SearchTests(PetitionsHost host)
{
    private readonly CaseDriver cases = new(host);

    private sealed record Set(string Round, string Token, string Silicon, string Acme, string Apart, string Plain);

    private async Task<Set> Seed()
    {
        var round = await cases.NewRound(null, 1, 2);
        var token = Guid.NewGuid().ToString("N")[..6];
        var silicon = await cases.Register(new CaseSpec { Round = round, Target = $"新疆硅业有限公司{token}", Description = "夜间排放刺鼻气味。", Address = $"乌鲁木齐市天山区{token}路8号" });
        var acme = await cases.Register(new CaseSpec { Round = round, Target = $"Acme Chemical {token}", Description = "Noise at NIGHT, smoke by day.", Address = "Industrial Park 3" });
        // 硅 and 业 both occur, never side by side: one character finds it, the word does not.
        var apart = await cases.Register(new CaseSpec { Round = round, Target = $"某某化工厂{token}", Description = "硅粉堆放，业主不管；100%_x", Address = "工业园区" });
        var plain = await cases.Register(new CaseSpec { Round = round, Target = $"县城污水处理厂{token}", Description = "污水直排河道。" });
        return new Set(round, token, silicon, acme, apart, plain);
    }

    /// <summary>The cases of the round that the substring condition alone finds (the list's q before the index).</summary>
    private async Task<IReadOnlyList<string>> Substring(string round, string q)
    {
        var database = host.Services.GetRequiredService<IDatabase>();
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>(
            """
            SELECT case_no FROM case_index ci WHERE ci.round_code = @round AND (
                LOWER(ci.target) LIKE @q ESCAPE '\' OR LOWER(ci.description) LIKE @q ESCAPE '\'
                OR LOWER(COALESCE(ci.address, '')) LIKE @q ESCAPE '\' OR LOWER(ci.case_no) LIKE @q ESCAPE '\')
            """, new { round, q = SqlWhere.Contains(q) })).ToList();
    }

    private async Task<IReadOnlyList<string>> Search(Set s, string q)
    {
        var supervisor = await host.ClientFor("supervisor");
        return (await supervisor.GetJson($"/api/petitions?round={s.Round}&pageSize=200&q={Uri.EscapeDataString(q)}")).CaseNos();
    }

    [Fact]
    public async Task Search_finds_exactly_what_the_substring_condition_finds()
    {
        var s = await Seed();
        (string Q, string[] Expected)[] queries =
        [
            ("硅业", [s.Silicon]),
            ("硅", [s.Silicon, s.Apart]),
            ("天山区", [s.Silicon]),
            ("新疆硅业有限公司" + s.Token, [s.Silicon]),
            ("acme chem", [s.Acme]),
            ("ACME CHEMICAL " + s.Token.ToUpperInvariant(), [s.Acme]),
            ("night", [s.Acme]),
            ("y", [s.Acme]),
            ("Y", [s.Acme]),
            ("%", [s.Apart]),
            ("_x", [s.Apart]),
            ("100%_x", [s.Apart]),
            ("100%x", []),
            ("业主", [s.Apart]),
            ("污水", [s.Plain]),
            ("水污", []),
            (s.Plain[4..], [s.Plain]),
            (s.Token, [s.Silicon, s.Acme, s.Apart, s.Plain]),
            ("不存在的词", []),
        ];
        foreach (var (q, expected) in queries)
        {
            var found = await Search(s, q);
            Assert.True(expected.Order().SequenceEqual(found.Order()), $"q={q}: expected {string.Join(",", expected)}, found {string.Join(",", found)}");
            Assert.Equal((await Substring(s.Round, q)).Order(), found.Order());
        }
    }

    [Fact]
    public void One_or_two_characters_without_case_are_decided_by_the_grams_alone()
    {
        Assert.True(CaseTextSearch.GramsDecide("硅"));
        Assert.True(CaseTextSearch.GramsDecide("硅业"));
        Assert.True(CaseTextSearch.GramsDecide("Ab"));
        Assert.True(CaseTextSearch.GramsDecide("%_"));
        Assert.True(CaseTextSearch.GramsDecide("𠀀业"));
        // Three characters: two grams, which may occur apart; a letter with case beyond ASCII: LIKE and the index's
        // lower-casing may disagree. Both keep the substring check.
        Assert.False(CaseTextSearch.GramsDecide("天山区"));
        Assert.False(CaseTextSearch.GramsDecide("É"));
        Assert.False(CaseTextSearch.GramsDecide("Жа"));
        Assert.False(CaseTextSearch.GramsDecide(""));
    }

    [Fact]
    public async Task The_query_reads_the_index_and_a_rebuild_restores_it()
    {
        var s = await Seed();
        Assert.Equal([s.Silicon], await Search(s, "硅业"));
        if (host.Profile != Profile.Sqlite) return;

        // Without its index entry the case is not found: the search goes through the index.
        var id = await host.Scalar<long>("SELECT id FROM case_search_key WHERE case_no = @caseNo", new { caseNo = s.Silicon });
        await host.Execute("DELETE FROM case_search WHERE rowid = @id", new { id });
        Assert.Empty(await Search(s, "硅业"));

        // The start-up backfill (a database that had cases before schema 0018) indexes every case again.
        await host.Execute("INSERT INTO meta (key, value) VALUES ('search.backfill', 'pending')");
        var database = host.Services.GetRequiredService<IDatabase>();
        await using (var connection = await database.OpenAsync())
        {
            await CaseTextSearch.BackfillAsync(connection, _ => { }, CancellationToken.None);
        }

        Assert.Equal([s.Silicon], await Search(s, "硅业"));
        Assert.Equal(0, await host.Scalar<long>("SELECT COUNT(*) FROM meta WHERE key = 'search.backfill'"));
        Assert.Equal(await host.Scalar<long>("SELECT COUNT(*) FROM case_index"), await host.Scalar<long>("SELECT COUNT(*) FROM case_search_key"));
    }
}

public sealed class SearchOnSqlite(SqliteHost host) : SearchTests(host), IClassFixture<SqliteHost>;

public sealed class SearchOnPostgres(PostgresHost host) : SearchTests(host), IClassFixture<PostgresHost>;
