using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Reviews;

/// <summary>
/// 复查 and 复核 through the API (信访工作条例 Art. 35–36): the window from the delivery of the written opinion and a late
/// request refused with the date it closed; the reviewing unit one level up answers (hearing pauses on the way); a
/// set-aside returns the case to its lead unit; 复核 one level further up, and the matter final after it; the
/// complainant's own request on the self-service page.
/// </summary>
public abstract class ReviewTests(PetitionsHost host)
{
    private const string Region = "650000";
    private readonly CaseDriver cases = new(host);

    private static string Reviews(string caseNo) => $"/api/petitions/{caseNo}/reviews";

    private object Ask(string level = "Review", DateTimeOffset? at = null) => new { level, requestedAt = at ?? cases.Now, reason = "对处理意见不服：企业仍在夜间排放。" };

    private async Task<JsonNode> Deliver(string caseNo, string document, DateTimeOffset? at = null) =>
        await CaseDriver.Act(await cases.Intake, caseNo, "deliveries", new { document, method = "Post", deliveredAt = at ?? cases.Now });

    /// <summary>A case of <paramref name="lead"/> with its handling opinion delivered now; returns the case number and the delivery instant.</summary>
    private async Task<(string CaseNo, DateTimeOffset DeliveredAt)> Delivered(string lead = CaseDriver.Lead)
    {
        var caseNo = await cases.ResultSubmitted(new CaseSpec(), lead, Verdict.Substantiated);
        var at = cases.Now;
        await Deliver(caseNo, "handling-opinion", at);
        return (caseNo, at);
    }

    private static async Task<JsonNode> Post(HttpClient client, string url, object body, int expected) => await client.PostJson(url, body, expected);

    [Fact]
    public async Task A_review_goes_to_the_parent_unit_within_30_days_of_delivery_and_a_late_one_is_refused_with_the_closing_date()
    {
        var (caseNo, deliveredAt) = await Delivered();
        var closes = ChinaTime.EndOfDay(ChinaTime.DateOf(deliveredAt).AddDays(30));
        var window = (await cases.Read(caseNo))["reviewWindow"]!;
        Assert.Equal(("Review", Region, true), (window["level"]!.GetValue<string>(), window["reviewingUnit"]!["code"]!.GetValue<string>(), window["open"]!.GetValue<bool>()));
        Assert.Equal(closes, window["closesAt"]!.GetValue<DateTimeOffset>());

        host.Clock.SetUtcNow(closes.AddMinutes(1));
        var intake = await cases.Intake;
        var late = await Post(intake, Reviews(caseNo), Ask(), 409);
        Assert.Equal("ReviewWindowClosed", late["rule"]!.GetValue<string>());
        Assert.Equal(closes, late["windowClosedAt"]!.GetValue<DateTimeOffset>());
        Assert.Contains(ChinaTime.DateOf(closes).ToString("yyyy-MM-dd"), late["detail"]!.GetValue<string>());
        Assert.False((await cases.Read(caseNo))["reviewWindow"]!["open"]!.GetValue<bool>());
        Assert.Empty((await cases.Get(caseNo)).Reviews);

        // A letter received on the last day and recorded now is in time: the request's own date counts.
        var view = await Post(intake, Reviews(caseNo), Ask(at: closes.AddHours(-2)), 200);
        var review = view["reviews"]!.AsArray().Single()!;
        Assert.Equal((1, "Review", Region), (review["no"]!.GetValue<int>(), review["level"]!.GetValue<string>(), review["reviewingUnit"]!["code"]!.GetValue<string>()));
        Assert.Equal("ReviewRequested", CaseDriver.Types(view).Last());
        Assert.Equal("ReviewOpen", (await Post(intake, Reviews(caseNo), Ask(at: closes.AddHours(-1)), 409))["rule"]!.GetValue<string>());
        await Post(intake, Reviews(caseNo), new { level = "Appeal", requestedAt = cases.Now, reason = "x" }, 400);
        await Post(intake, Reviews(caseNo), new { level = "Review", requestedAt = cases.Now.AddDays(2), reason = "x" }, 400);
    }

    [Fact]
    public async Task The_reviewing_unit_sees_the_case_pauses_its_clock_for_a_hearing_and_answers_in_writing()
    {
        var (caseNo, _) = await Delivered();
        await Post(await cases.Intake, Reviews(caseNo), Ask(), 200);
        var reviewer = await cases.As($"handler.{Region}");
        var lead = await cases.LeadHandler;

        var seen = await reviewer.GetJson($"/api/petitions/{caseNo}");
        // The case list of the reviewing unit holds the case it reviews (its handlers see their own units' cases only).
        var listed = await reviewer.GetJson($"/api/petitions?q={caseNo}");
        Assert.Contains(caseNo, listed["items"]!.AsArray().Select(i => i!["caseNo"]!.GetValue<string>()));
        Assert.Equal(["DecideReview", "ReviewHearing"], seen["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        var due = seen["reviews"]![0]!["answerDueAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsJsonAsync($"{Reviews(caseNo)}/1/decision", new { outcome = "Upheld", opinion = "维持" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await cases.OtherHandler).PostAsJsonAsync($"{Reviews(caseNo)}/1/hearing", new { pausedAt = cases.Now })).StatusCode);
        // Reviewing gives no other action on the case: the lead unit still handles it.
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.PostAsJsonAsync(CaseDriver.Url(caseNo, "site-visits"), cases.VisitBody())).StatusCode);

        var pausedAt = cases.Now;
        var paused = await Post(reviewer, $"{Reviews(caseNo)}/1/hearing", new { pausedAt }, 200);
        Assert.True(paused["reviews"]![0]!["paused"]!.GetValue<bool>());
        Assert.Null(paused["reviews"]![0]!["answerDueAt"]);
        await Post(reviewer, $"{Reviews(caseNo)}/1/hearing", new { pausedAt, resumedAt = pausedAt }, 400);
        host.Clock.Advance(TimeSpan.FromDays(3));
        var resumed = await Post(reviewer, $"{Reviews(caseNo)}/1/hearing", new { resumedAt = cases.Now }, 200);
        var r = resumed["reviews"]![0]!;
        Assert.Equal(TimeSpan.FromDays(3), TimeSpan.Parse(r["pausedTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(r["answerDueAt"]!.GetValue<DateTimeOffset>() >= due.AddDays(3));

        Assert.Equal(HttpStatusCode.Conflict, (await (await cases.Intake).GetAsync($"/api/petitions/{caseNo}/documents/review-opinion")).StatusCode);
        var answered = await Post(reviewer, $"{Reviews(caseNo)}/1/decision", new { outcome = "Upheld", opinion = "经复查，原处理意见认定事实清楚，予以维持。" }, 200);
        Assert.Equal("Upheld", answered["reviews"]![0]!["answer"]!["outcome"]!.GetValue<string>());
        Assert.Equal("ResultSubmitted", CaseDriver.Status(answered));
        Assert.Equal("NoOpenReview", (await Post(await cases.Supervisor, $"{Reviews(caseNo)}/1/decision", new { outcome = "Changed", opinion = "变更" }, 409))["rule"]!.GetValue<string>());

        var document = await (await cases.Intake).GetAsync($"/api/petitions/{caseNo}/documents/review-opinion");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        using var stream = new MemoryStream(await document.Content.ReadAsByteArrayAsync());
        using var docx = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(docx));
        var text = docx.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains(caseNo, text);
        Assert.Contains("复查意见书", text);
        Assert.Contains("原处理意见认定事实清楚", text);
        Assert.DoesNotContain(CaseDriver.ComplainantPhone, text);
        var delivered = await Deliver(caseNo, "review-opinion");
        Assert.Equal("ReReview", delivered["reviewWindow"]!["level"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_set_aside_returns_the_case_to_its_lead_unit_in_progress_with_the_instructions()
    {
        var (caseNo, _) = await Delivered();
        await cases.Callback(caseNo, Satisfaction.Satisfied);
        await cases.Close(caseNo);
        await Post(await cases.Intake, Reviews(caseNo), Ask(), 200);

        var view = await Post(await cases.Supervisor, $"{Reviews(caseNo)}/1/decision", new { outcome = "SetAside", opinion = "撤销原处理意见，请重新组织夜间现场核查。" }, 200);
        Assert.Equal("InProgress", CaseDriver.Status(view));
        Assert.Equal(CaseDriver.Lead, view["leadUnit"]!.GetValue<string>());
        Assert.Equal(Deadlines.HandlingDue(cases.Now, null), view["dueAt"]!.GetValue<DateTimeOffset>());
        var decided = view["timeline"]!.AsArray().Last()!;
        Assert.Equal("ReviewDecided", decided["type"]!.GetValue<string>());
        Assert.Equal("撤销原处理意见，请重新组织夜间现场核查。", decided["data"]!["opinion"]!.GetValue<string>());
        Assert.Null(view["reviewWindow"]);

        // The lead unit handles it again; its new opinion can be reviewed again.
        var handler = await cases.LeadHandler;
        Assert.Contains("Result", (await handler.GetJson($"/api/petitions/{caseNo}"))["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));
        await CaseDriver.Act(handler, caseNo, "site-visits", cases.VisitBody());
        await CaseDriver.Act(handler, caseNo, "result", CaseDriver.ResultBody());
        await Deliver(caseNo, "handling-opinion");
        var again = await Post(await cases.Intake, Reviews(caseNo), Ask(), 200);
        Assert.Equal(2, again["reviews"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_re_review_goes_one_level_further_up_and_after_its_answer_the_matter_is_final_at_intake()
    {
        // A county bureau under the prefecture: its 复查 at the prefecture (654000), its 复核 at the region (650000).
        var admin = await cases.Admin;
        var county = $"C{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        await admin.PostJson("/api/units", new { code = county, name = $"测试县生态环境局{county}", kind = "Department", parentCode = CaseDriver.Lead }, 201);
        var target = CaseDriver.UniqueTarget();
        var caseNo = await cases.Register(new CaseSpec { Target = target });
        await cases.Assign(caseNo, county);
        await cases.Accept(caseNo);
        await cases.Visit(caseNo);
        await cases.Result(caseNo, Verdict.PartlySubstantiated);
        await Deliver(caseNo, "handling-opinion");

        var intake = await cases.Intake;
        var first = await Post(intake, Reviews(caseNo), Ask(), 200);
        Assert.Equal(CaseDriver.Lead, first["reviews"]![0]!["reviewingUnit"]!["code"]!.GetValue<string>());
        await Post(intake, Reviews(caseNo), Ask("ReReview"), 409);
        await Post(await cases.LeadHandler, $"{Reviews(caseNo)}/1/decision", new { outcome = "Changed", opinion = "变更：责令企业安装在线监测。" }, 200);
        Assert.Equal("NoOpinionToReview", (await Post(intake, Reviews(caseNo), Ask("ReReview"), 409))["rule"]!.GetValue<string>());
        await Deliver(caseNo, "review-opinion");

        var second = await Post(intake, Reviews(caseNo), Ask("ReReview"), 200);
        Assert.Equal(Region, second["reviews"]![1]!["reviewingUnit"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await cases.LeadHandler).PostAsJsonAsync($"{Reviews(caseNo)}/2/decision", new { outcome = "Upheld", opinion = "维持" })).StatusCode);
        var final = await Post(await cases.As($"handler.{Region}"), $"{Reviews(caseNo)}/2/decision", new { outcome = "Upheld", opinion = "经复核，维持复查意见。" }, 200);
        Assert.True(final["reviewFinal"]!.GetValue<bool>());
        Assert.Equal("MatterFinal", (await Post(intake, Reviews(caseNo), Ask(), 409))["rule"]!.GetValue<string>());

        // The same matter from the same complainant again: warned at intake and registered as not accepted, with the reason.
        var check = await intake.PostJson("/api/petitions/repeat-check", new { regionCode = CaseDriver.Lead, target, phone = CaseDriver.ComplainantPhone, categories = new[] { "Air" } });
        var settled = check.AsArray().Single(c => c!["caseNo"]!.GetValue<string>() == caseNo)!;
        Assert.True(settled["final"]!.GetValue<bool>());
        var again = Complaints.Valid(cases.Now, CaseDriver.Lead, target);
        var created = await intake.PostJson("/api/petitions", again, 201);
        var repeat = await cases.Read(created["caseNo"]!.GetValue<string>());
        Assert.Equal("NotAccepted", CaseDriver.Status(repeat));
        Assert.Contains(caseNo, repeat["notAcceptedReason"]!.GetValue<string>());
        Assert.Contains("复核", repeat["notAcceptedReason"]!.GetValue<string>());

        // Also when intake hands it to a unit in the same step: the settled matter is not assigned again.
        var assigned = await intake.PostJson("/api/petitions", Complaints.Valid(cases.Now, CaseDriver.Lead, target).With("leadUnit", CaseDriver.Lead), 201);
        var declined = await cases.Read(assigned["caseNo"]!.GetValue<string>());
        Assert.Equal("NotAccepted", CaseDriver.Status(declined));
        Assert.Contains(caseNo, declined["notAcceptedReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Review_statistics_count_requests_and_outcomes_per_reviewing_unit_and_a_rebuild_recomputes_them()
    {
        // A unit of its own (under the prefecture) reviews the cases of its own sub-unit: its row is this test's alone.
        var admin = await cases.Admin;
        var reviewing = $"R{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var led = $"L{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        await admin.PostJson("/api/units", new { code = reviewing, name = $"测试复查机关{reviewing}", kind = "Department", parentCode = CaseDriver.Lead }, 201);
        await admin.PostJson("/api/units", new { code = led, name = $"测试承办单位{led}", kind = "Department", parentCode = reviewing }, 201);
        var intake = await cases.Intake;
        var supervisor = await cases.Supervisor;
        var outcomes = new[] { "Upheld", "SetAside", null };
        foreach (var outcome in outcomes)
        {
            var (caseNo, _) = await Delivered(led);
            await Post(intake, Reviews(caseNo), Ask(), 200);
            if (outcome is not null) await Post(supervisor, $"{Reviews(caseNo)}/1/decision", new { outcome, opinion = "复查意见" }, 200);
        }

        async Task<JsonNode> Row() => (await supervisor.GetJson("/api/stats/reviews")).AsArray().Single(r => r!["unit"]!.GetValue<string>() == reviewing)!;
        void Expect(JsonNode row)
        {
            Assert.Equal(("Review", 3, 1, 2), (row["level"]!.GetValue<string>(), row["requests"]!.GetValue<int>(), row["open"]!.GetValue<int>(), row["decided"]!.GetValue<int>()));
            Assert.Equal((1, 0, 1), (row["upheld"]!.GetValue<int>(), row["changed"]!.GetValue<int>(), row["setAside"]!.GetValue<int>()));
            Assert.Equal((0.5, 0.0, 0.5), (row["upheldRate"]!.GetValue<double>(), row["changedRate"]!.GetValue<double>(), row["setAsideRate"]!.GetValue<double>()));
        }

        Expect(await Row());
        // The reviewing unit's handlers see their row only through their scope; another unit's see none of it.
        Assert.DoesNotContain((await (await cases.OtherHandler).GetJson("/api/stats/reviews")).AsArray(), r => r!["unit"]!.GetValue<string>() == reviewing);

        // The rows are derived: lost, a rebuild recomputes them from the cases.
        await host.Execute("DELETE FROM case_review WHERE reviewing_unit = @reviewing", new { reviewing });
        Assert.DoesNotContain((await supervisor.GetJson("/api/stats/reviews")).AsArray(), r => r!["unit"]!.GetValue<string>() == reviewing);
        await admin.PostJson("/api/admin/stats/rebuild", new { });
        Expect(await Row());
    }

    [Fact]
    public async Task The_complainant_asks_for_a_review_on_the_self_service_page_and_sees_the_answer_there()
    {
        var created = await (await cases.Intake).PostJson("/api/petitions", Complaints.Valid(cases.Now), 201);
        var caseNo = created["caseNo"]!.GetValue<string>();
        var code = created["queryCode"]!.GetValue<string>();
        await cases.Assign(caseNo, CaseDriver.Lead);
        await cases.Accept(caseNo);
        await cases.Visit(caseNo);
        await cases.Result(caseNo, Verdict.Substantiated);
        var anonymous = host.CreateClient();

        Assert.Equal("NoOpinionToReview", (await Post(anonymous, "/api/public/reviews", new { caseNo, queryCode = code, reason = "不服" }, 409))["rule"]!.GetValue<string>());
        await Deliver(caseNo, "handling-opinion");
        var looked = await Post(anonymous, "/api/public/lookup", new { caseNo, queryCode = code }, 200);
        Assert.Equal("Review", looked["reviewRight"]!["level"]!.GetValue<string>());

        var wrong = await anonymous.PostAsJsonAsync("/api/public/reviews", new { caseNo, queryCode = "WRONGCODE9", reason = "不服" });
        var unknown = await anonymous.PostAsJsonAsync("/api/public/lookup", new { caseNo, queryCode = "WRONGCODE9" });
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal((await unknown.Json())["detail"]!.ToJsonString(), (await wrong.Json())["detail"]!.ToJsonString());

        var asked = await Post(anonymous, "/api/public/reviews", new { caseNo, queryCode = code, reason = "企业仍在夜间排放，请求复查。" }, 200);
        var review = asked["reviews"]!.AsArray().Single()!;
        Assert.Equal("Review", review["level"]!.GetValue<string>());
        Assert.NotNull(review["answerDueAt"]);
        Assert.Null(asked["reviewRight"]);
        var stored = await cases.Get(caseNo);
        Assert.Equal(Actor.Complainant, stored.Timeline[^1].Actor);
        Assert.Equal(Region, stored.Reviews.Single().ReviewingUnit);

        await Post(await cases.As($"handler.{Region}"), $"{Reviews(caseNo)}/1/decision", new { outcome = "Upheld", opinion = "经复查，维持原处理意见。" }, 200);
        var answered = await Post(anonymous, "/api/public/lookup", new { caseNo, queryCode = code }, 200);
        var shown = answered["reviews"]![0]!;
        Assert.Equal(("Upheld", "经复查，维持原处理意见。"), (shown["outcome"]!.GetValue<string>(), shown["opinion"]!.GetValue<string>()));
        var json = answered.ToJsonString();
        Assert.DoesNotContain(CaseDriver.ComplainantName, json);
        Assert.DoesNotContain(CaseDriver.ComplainantPhone, json);
    }
}

public sealed class ReviewsOnSqlite(SqliteHost host) : ReviewTests(host), IClassFixture<SqliteHost>;

public sealed class ReviewsOnPostgres(PostgresHost host) : ReviewTests(host), IClassFixture<PostgresHost>;
