using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Petitions.Application.Features.Lists;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Lists;

/// <summary>
/// The queue's next step checked against the case file's allowed actions (an independent source: the command table and
/// the request declarations, per case), the queue filter, and saved filters per user through /api/me/saved-filters.
/// </summary>
public abstract class QueueAndSavedFilterTests(PetitionsHost host)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly CaseDriver cases = new(host);

    private async Task<CaseListItem> Row(string caseNo)
    {
        var page = await (await cases.Supervisor).GetJson($"/api/petitions?q={caseNo}&pageSize=200");
        return page["items"]!.AsArray().Select(i => i.Deserialize<CaseListItem>(Json)!).Single(r => r.CaseNo == caseNo);
    }

    private static IReadOnlyList<string> Allowed(JsonNode petition) => petition["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    [Fact]
    public async Task The_next_step_of_each_state_is_an_action_the_one_whose_turn_it_is_may_take_now()
    {
        var withNotice = await cases.InProgress();
        await CaseDriver.Act(await cases.Supervisor, withNotice, "supervise", new { note = "请加快办理" });
        var states = new Dictionary<string, CaseCommandKind>
        {
            [await cases.Registered()] = CaseCommandKind.Assign,
            [await cases.Assigned()] = CaseCommandKind.Accept,
            [await cases.InProgress()] = CaseCommandKind.Result,
            [await cases.ResultSubmitted()] = CaseCommandKind.Callback,
            [await cases.ReadyToClose()] = CaseCommandKind.Close,
            [withNotice] = CaseCommandKind.ReplyNotice,
        };

        foreach (var (caseNo, expected) in states)
        {
            var step = QueueNextStep.For(await Row(caseNo));
            Assert.Equal(expected, step);
            // Whose turn: the lead unit's handler when a handler may take it, else intake (assign) or a supervisor (close).
            var actor = QueueNextStep.IsHandlersTurn(step!.Value) ? await cases.LeadHandler : step == CaseCommandKind.Assign ? await cases.Intake : await cases.Supervisor;
            var petition = await actor.GetJson($"/api/petitions/{caseNo}");
            Assert.Contains(step.Value.ToString(), Allowed(petition));
        }

        Assert.Null(QueueNextStep.For(await Row(await cases.Closed())));
    }

    [Fact]
    public async Task Registered_cases_are_not_in_a_handlers_queue()
    {
        Assert.False(QueueFilter.BelongsInHandlersQueue(await Row(await cases.Registered())));
        Assert.True(QueueFilter.BelongsInHandlersQueue(await Row(await cases.Assigned())));
    }

    [Fact]
    public async Task Saved_filters_belong_to_their_user_replace_by_name_and_delete()
    {
        var handler = await cases.LeadHandler;
        var name = "超期-" + Guid.NewGuid().ToString("N")[..6];
        var saved = await handler.PostJson("/api/me/saved-filters", new { page = "queue", name, query = "?overdue=true" }, 201);
        var id = saved["id"]!.GetValue<long>();
        Assert.Equal("?overdue=true", saved["query"]!.GetValue<string>());

        var replaced = await handler.PostJson("/api/me/saved-filters", new { page = "queue", name, query = "?overdue=true&sort=-due" }, 201);
        Assert.Equal(id, replaced["id"]!.GetValue<long>());
        var mine = (await handler.GetJson("/api/me/saved-filters")).AsArray();
        Assert.Single(mine, f => f!["name"]!.GetValue<string>() == name);
        Assert.Equal("?overdue=true&sort=-due", mine.Single(f => f!["id"]!.GetValue<long>() == id)!["query"]!.GetValue<string>());

        // Another user neither sees it nor deletes it.
        var other = await cases.CoHandler;
        Assert.DoesNotContain((await other.GetJson("/api/me/saved-filters")).AsArray(), f => f!["id"]!.GetValue<long>() == id);
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync($"/api/me/saved-filters/{id}")).StatusCode);
        Assert.Contains((await handler.GetJson("/api/me/saved-filters")).AsArray(), f => f!["id"]!.GetValue<long>() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await handler.DeleteAsync($"/api/me/saved-filters/{id}")).StatusCode);
        Assert.DoesNotContain((await handler.GetJson("/api/me/saved-filters")).AsArray(), f => f!["id"]!.GetValue<long>() == id);
    }

    [Theory]
    [InlineData("page", "inbox")]
    [InlineData("name", "")]
    [InlineData("name", "0123456789012345678901234567890123456789x")]
    [InlineData("query", "overdue=true")]
    public async Task A_malformed_saved_filter_is_a_400_naming_the_field_and_saves_nothing(string field, string value)
    {
        var supervisor = await cases.Supervisor;
        var before = (await supervisor.GetJson("/api/me/saved-filters")).AsArray().Count;
        var body = new Dictionary<string, string> { ["page"] = "cases", ["name"] = "合法名称", ["query"] = "?status=Assigned" };
        body[field] = value;
        var problem = await supervisor.PostJson("/api/me/saved-filters", body, 400);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, (await supervisor.GetJson("/api/me/saved-filters")).AsArray().Count);
    }

    [Fact]
    public async Task At_most_thirty_filters_per_page_then_a_409()
    {
        var intake = await cases.Intake;
        var existing = (await intake.GetJson("/api/me/saved-filters")).AsArray().Count(f => f!["page"]!.GetValue<string>() == "cases");
        for (var i = existing; i < SavedFilterPages.MaxPerPage; i++)
            await intake.PostJson("/api/me/saved-filters", new { page = "cases", name = $"筛选{i}", query = "?repeat=true" }, 201);
        var problem = await intake.PostJson("/api/me/saved-filters", new { page = "cases", name = "再多一个", query = "" }, 409);
        Assert.Equal("TooManySavedFilters", problem["rule"]!.GetValue<string>());
        // Saving an existing name again replaces it, even at the limit.
        await intake.PostJson("/api/me/saved-filters", new { page = "cases", name = "筛选0", query = "" }, 201);
    }
}

public sealed class QueueAndSavedFiltersOnSqlite(SqliteHost host) : QueueAndSavedFilterTests(host), IClassFixture<SqliteHost>;

public sealed class QueueAndSavedFiltersOnPostgres(PostgresHost host) : QueueAndSavedFilterTests(host), IClassFixture<PostgresHost>;

/// <summary>The queue filter on rows made here: what each filter keeps, the sorts, and its query string.</summary>
public sealed class QueueFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static CaseListItem Row(string caseNo, CaseStatus status, int? daysLeft, bool repeat = false, int openSupervision = 0, Category category = Category.Air) => new()
    {
        CaseNo = caseNo, Status = status, RegionCode = "654000", RegionName = "伊犁州", LeadUnit = "654000", LeadUnitName = "伊犁州", Target = "目标" + caseNo,
        ReceivedAt = Now.AddDays(-20), DueAt = daysLeft is { } d ? Now.AddDays(d) : null, DaysLeft = daysLeft, Overdue = daysLeft < 0,
        IsRepeat = repeat, OpenSupervision = openSupervision, Categories = [category],
    };

    private static readonly CaseListItem[] Rows =
    [
        Row("XF3", CaseStatus.InProgress, -4, category: Category.Water),
        Row("XF1", CaseStatus.Assigned, 10, repeat: true),
        Row("XF2", CaseStatus.ResultSubmitted, 2, openSupervision: 1),
        Row("XF4", CaseStatus.InProgress, 30),
    ];

    private static IEnumerable<string> Numbers(QueueFilter filter, IReadOnlySet<string>? text = null) => filter.Apply(Rows, text).Select(r => r.CaseNo);

    [Fact]
    public void Each_filter_keeps_only_its_cases()
    {
        Assert.Equal(["XF3"], Numbers(new QueueFilter { Overdue = true }));
        Assert.Equal(["XF3", "XF2"], Numbers(new QueueFilter { DueWithin = 3 }));
        Assert.Equal(["XF1"], Numbers(new QueueFilter { Repeat = true }));
        Assert.Equal(["XF2"], Numbers(new QueueFilter { Supervision = true }));
        Assert.Equal(["XF3"], Numbers(new QueueFilter { Category = Category.Water }));
        Assert.Equal(["XF3", "XF4"], Numbers(new QueueFilter { Status = CaseStatus.InProgress }));
        Assert.Equal(["XF1", "XF4"], Numbers(new QueueFilter(), new HashSet<string> { "XF1", "XF4" }));
        Assert.Empty(Numbers(new QueueFilter { Overdue = true, Repeat = true }));
    }

    [Fact]
    public void The_default_order_is_overdue_first_then_by_due_date_and_each_column_sorts_both_ways()
    {
        Assert.Equal(["XF3", "XF2", "XF1", "XF4"], Numbers(new QueueFilter()));
        Assert.Equal(["XF1", "XF2", "XF3", "XF4"], Numbers(new QueueFilter { Sort = "caseNo" }));
        Assert.Equal(["XF4", "XF3", "XF2", "XF1"], Numbers(new QueueFilter { Sort = "-caseNo" }));
        Assert.Equal(["XF4", "XF1", "XF2", "XF3"], Numbers(new QueueFilter { Sort = "-due" }));
        // Next step: accept (XF1) before the result (XF3, XF4) before answering the supervision notice (XF2), by the kinds' order.
        Assert.Equal(Rows.OrderBy(r => (int)QueueNextStep.For(r)!.Value).ThenBy(r => r.CaseNo, StringComparer.Ordinal).Select(r => r.CaseNo), Numbers(new QueueFilter { Sort = "next" }));
    }

    [Fact]
    public void A_filter_survives_its_query_string_and_what_cannot_be_read_is_left_out()
    {
        var full = new QueueFilter { Q = "化工 厂&1", Status = CaseStatus.InProgress, Overdue = true, DueWithin = 7, Repeat = true, Supervision = true, Category = Category.Air, Sort = "-due" };
        Assert.Equal(full, QueueFilter.Parse(full.ToQueryString()));
        Assert.Equal(new QueueFilter(), QueueFilter.Parse("?status=Nonsense&dueWithin=-3&sort=drop&category=99&overdue=maybe"));
        Assert.True(QueueFilter.Parse("").IsEmpty);
        Assert.True(new QueueFilter { Sort = "due" }.IsEmpty);
    }
}
