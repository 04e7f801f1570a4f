using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Security;

/// <summary>
/// Every /api endpoint × every role, for a case of unit 654000 (co-unit 654200): I intake, L the lead unit's handler,
/// C a co-unit's handler, O another unit's handler, S supervisor, D admin, U auditor. A = allowed (the request reaches its
/// handler: 2xx, or 400/409/412 from the rules), F = 403, N = 404 (its existence is not revealed). Without a token
/// every endpoint but sign-in and the public ones answers 401. An endpoint missing from this table fails the test.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AuthorizationMatrixTests.MatrixHost host) : IClassFixture<AuthorizationMatrixTests.MatrixHost>
{
    internal static readonly string[] Actors = ["intake", "handler.654000", "handler.654200", "handler.650100", "supervisor", "admin", "auditor"];

    /// <summary>What rows refer to; <see cref="Now"/> is the host's clock when the case was prepared.</summary>
    internal sealed record Context(string CaseNo, string OtherCaseNo, string RoundCode, string ReviewId, string Username, DateTimeOffset Now, string PlanCode = "", string TaskId = "", string QueryCode = "",
        string ImportId = "", string HistoryImportId = "", string AttachmentId = "");

    private static string Today => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");

    internal sealed record Row(string Method, string Pattern, string Expected, Func<Context, string> Url, Func<Context, object?>? Body = null, bool NeedsReview = false, bool Public = false, bool NeedsAttachment = false);

    internal static readonly Row[] Table =
    [
        // Cases and their actions
        new("POST", "/api/petitions", "A F F F A F F", _ => "/api/petitions", c => Complaints.Valid(c.Now)),
        new("GET", "/api/petitions", "A A A A A F F", _ => "/api/petitions?unit=654000"),
        new("GET", "/api/petitions/{}", "A A A N A F F", c => $"/api/petitions/{c.CaseNo}"),
        new("POST", "/api/petitions/{}/query-code", "A F F F A F F", c => $"/api/petitions/{c.CaseNo}/query-code"),
        new("POST", "/api/petitions/{}/assign", "A F F F A F F", c => $"/api/petitions/{c.CaseNo}/assign", _ => new { leadUnit = "654000" }),
        new("POST", "/api/petitions/{}/not-accept", "A F F F A F F", c => $"/api/petitions/{c.CaseNo}/not-accept", _ => new { reason = "不属于职责范围" }),
        new("POST", "/api/petitions/{}/accept", "F A F N F F F", c => $"/api/petitions/{c.CaseNo}/accept"),
        new("POST", "/api/petitions/{}/transfer", "F A F N A F F", c => $"/api/petitions/{c.CaseNo}/transfer", _ => new { toUnit = "654300", reason = "属地管理" }),
        new("POST", "/api/petitions/{}/site-visits", "F A A N F F F", c => $"/api/petitions/{c.CaseNo}/site-visits", c => new { visitedAt = c.Now.AddMinutes(-5), inspectors = new[] { "张检查" }, findings = "现场核查" }),
        new("POST", "/api/petitions/{}/result", "F A F N F F F", c => $"/api/petitions/{c.CaseNo}/result", _ => new { verdict = "Substantiated", findings = "属实", measures = "整改", publicSummary = "已整改" }),
        new("POST", "/api/petitions/{}/callbacks", "F A F N A F F", c => $"/api/petitions/{c.CaseNo}/callbacks", c => new { calledAt = c.Now, method = "Phone", contact = "Complainant", satisfaction = "Satisfied" }),
        new("POST", "/api/petitions/{}/close", "F F F F A F F", c => $"/api/petitions/{c.CaseNo}/close", _ => new { kind = "Final" }),
        new("POST", "/api/petitions/{}/reopen", "F F F F A F F", c => $"/api/petitions/{c.CaseNo}/reopen", c => new { reason = "复查", target = "整改", dueAt = c.Now.AddDays(10), responsiblePerson = "王局长" }),
        new("POST", "/api/petitions/{}/extension", "F A F N F F F", c => $"/api/petitions/{c.CaseNo}/extension", _ => new { days = 10, reason = "需要监测" }),
        new("POST", "/api/petitions/{}/extension/approve", "F F F F A F F", c => $"/api/petitions/{c.CaseNo}/extension/approve"),
        new("POST", "/api/petitions/{}/extension/refuse", "F F F F A F F", c => $"/api/petitions/{c.CaseNo}/extension/refuse", _ => new { reason = "理由不足" }),
        new("POST", "/api/petitions/{}/supervise", "F F F F A F F", c => $"/api/petitions/{c.CaseNo}/supervise", _ => new { note = "请加快办理" }),
        new("POST", "/api/petitions/{}/supervision/{}/reply", "F A F N F F F", c => $"/api/petitions/{c.CaseNo}/supervision/1/reply", _ => new { reply = "已加快" }),
        new("POST", "/api/petitions/{}/leader", "F F F F A F F", c => $"/api/petitions/{c.CaseNo}/leader", _ => new { name = "李副市长", title = "副市长" }),
        new("PUT", "/api/petitions/{}/problem-list", "F F F F A F F", c => $"/api/petitions/{c.CaseNo}/problem-list", c => new { target = "整改", dueAt = c.Now.AddDays(10), responsiblePerson = "王局长" }),
        new("POST", "/api/petitions/{}/complainant/reveal", "A A F N A F F", c => $"/api/petitions/{c.CaseNo}/complainant/reveal", _ => new { reason = "核实举报人身份以便回访" }),
        // Written notices and deliveries (送达); the case is in progress, so it has a receipt and an acceptance notice.
        new("GET", "/api/petitions/{}/documents/{}", "A A A N A F F", c => $"/api/petitions/{c.CaseNo}/documents/acceptance-notice"),
        new("GET", "/api/petitions/{}/documents/handover-sheet", "A A A N A F F", c => $"/api/petitions/{c.CaseNo}/documents/handover-sheet"),
        new("POST", "/api/petitions/{}/deliveries", "A A F N A F F", c => $"/api/petitions/{c.CaseNo}/deliveries", c => new { document = "receipt", method = "InPerson", deliveredAt = c.Now }),
        new("POST", "/api/petitions/{}/repeat-of", "A F F F A F F", c => $"/api/petitions/{c.CaseNo}/repeat-of", c => new { caseNo = c.OtherCaseNo, reason = "同一企业" }),
        new("DELETE", "/api/petitions/{}/repeat-of", "A F F F A F F", c => $"/api/petitions/{c.CaseNo}/repeat-of", _ => new { reason = "并非同一企业" }),
        new("POST", "/api/petitions/{}/repeat-decision", "F F F F A F F", c => $"/api/petitions/{c.CaseNo}/repeat-decision", _ => new { decision = "NewCaseCarries", reason = "由新件承办" }),
        // Case types, diversion and urgent matters
        new("POST", "/api/petitions/{}/divert", "A F F F A F F", c => $"/api/petitions/{c.CaseNo}/divert", _ => new { body = "DisciplineInspection", reason = "反映公职人员违纪问题" }),
        new("POST", "/api/petitions/{}/urgent", "A F F F A F F", c => $"/api/petitions/{c.CaseNo}/urgent", _ => new { kind = "Emergency", reason = "河流出现大面积死鱼" }),
        new("POST", "/api/petitions/{}/urgent-reports", "A F F F A F F", c => $"/api/petitions/{c.CaseNo}/urgent-reports", c => new { informed = "自治区生态环境厅总值班室", reportedAt = c.Now.AddMinutes(-5) }),
        // 复查 / 复核: intake records a request (the case is in progress: 409); the hearing and the answer belong to the unit
        // reviewing the open review — without one a supervisor reaches the rules (409) and a handler is refused.
        new("POST", "/api/petitions/{}/reviews", "A F F F F F F", c => $"/api/petitions/{c.CaseNo}/reviews", c => new { level = "Review", requestedAt = c.Now, reason = "对处理意见不服" }),
        new("POST", "/api/petitions/{}/reviews/{}/hearing", "F F F N A F F", c => $"/api/petitions/{c.CaseNo}/reviews/1/hearing", c => new { pausedAt = c.Now }),
        new("POST", "/api/petitions/{}/reviews/{}/decision", "F F F N A F F", c => $"/api/petitions/{c.CaseNo}/reviews/1/decision", _ => new { outcome = "Upheld", opinion = "维持原处理意见" }),
        new("POST", "/api/petitions/repeat-check", "A F F F A F F", _ => "/api/petitions/repeat-check", _ => new { regionCode = "654000", target = "某化工厂" }),
        // Read side
        new("GET", "/api/stats/completion", "A A A A A F F", _ => "/api/stats/completion?groupBy=unit"),
        new("GET", "/api/stats/trend", "A A A A A F F", _ => "/api/stats/trend"),
        new("GET", "/api/stats/reviews", "A A A A A F F", _ => "/api/stats/reviews"),
        new("GET", "/api/problem-list", "A A A A A F F", _ => "/api/problem-list"),
        // Units
        new("GET", "/api/units", "A A A A A A A", _ => "/api/units"),
        new("GET", "/api/units/{}", "A A N N A A F", _ => "/api/units/654000"),
        new("GET", "/api/units/{}/queue", "A A N N A F F", _ => "/api/units/654000/queue"),
        new("POST", "/api/units", "F F F F F A F", _ => "/api/units", _ => new { code = $"M{Random.Shared.Next(100000, 999999)}", name = "测试部门", kind = "Department", parentCode = "650000" }),
        new("PUT", "/api/units/{}", "F F F F F A F", _ => "/api/units/BT14", _ => new { name = "第十四师昆玉市", parentCode = "BT", kind = "Division", sortOrder = 14 }),
        new("POST", "/api/units/{}/supervision", "F F F F A F F", _ => "/api/units/654000/supervision", _ => new { note = "请报送整改情况" }),
        new("POST", "/api/units/{}/supervision/{}/reply", "F A N N F F F", _ => "/api/units/654000/supervision/1/reply", _ => new { reply = "已报送" }),
        // Inspection rounds
        new("GET", "/api/rounds", "A A A A A A F", _ => "/api/rounds"),
        new("GET", "/api/rounds/{}", "A A A A A A F", c => $"/api/rounds/{c.RoundCode}"),
        new("POST", "/api/rounds", "F F F F F A F", _ => "/api/rounds", _ => new { code = $"M{Random.Shared.Next(100000, 999999)}", name = "矩阵轮次", startsOn = "2026-01-01" }),
        new("PUT", "/api/rounds/{}", "F F F F F A F", c => $"/api/rounds/{c.RoundCode}", _ => new { name = "矩阵轮次", startsOn = "2026-01-01", handlingDays = 10 }),
        new("POST", "/api/rounds/{}/batches", "A F F F F A F", c => $"/api/rounds/{c.RoundCode}/batches", _ => new { batchNo = Random.Shared.Next(1, 10000), handedOverOn = "2026-01-02" }),
        // Supervision
        new("GET", "/api/look-back-reviews", "F F F F A F F", _ => "/api/look-back-reviews"),
        new("POST", "/api/look-back-reviews", "F F F F A F F", _ => "/api/look-back-reviews", _ => new { unit = "654000", percentage = 10, seed = 1 }),
        new("GET", "/api/look-back-reviews/{}", "F F F F A F F", c => $"/api/look-back-reviews/{c.ReviewId}", NeedsReview: true),
        new("POST", "/api/look-back-reviews/{}/cases/{}", "F F F F A F F", c => $"/api/look-back-reviews/{c.ReviewId}/cases/{c.CaseNo}", _ => new { held = true, note = "整改到位" }, NeedsReview: true),
        // Accounts and administration
        new("GET", "/api/users", "F F F F F A F", _ => "/api/users"),
        new("POST", "/api/users", "F F F F F A F", _ => "/api/users", _ => new { username = $"m{Random.Shared.Next(100000, 999999)}", displayName = "矩阵", password = "matrix-password-1", roles = new[] { "Intake" }, allUnits = true }),
        new("GET", "/api/users/{}", "F F F F F A F", c => $"/api/users/{c.Username}"),
        new("PUT", "/api/users/{}", "F F F F F A F", c => $"/api/users/{c.Username}", _ => new { displayName = "矩阵用户", roles = new[] { "Intake" }, allUnits = true }),
        new("POST", "/api/users/{}/password", "F F F F F A F", c => $"/api/users/{c.Username}/password", _ => new { password = "matrix-password-2" }),
        new("GET", "/api/admin/security-log", "F F F F F A F", _ => "/api/admin/security-log"),
        new("POST", "/api/admin/stats/rebuild", "F F F F F A F", _ => "/api/admin/stats/rebuild"),
        new("POST", "/api/admin/keys/rotate", "F F F F F A F", _ => "/api/admin/keys/rotate"),
        new("POST", "/api/admin/keys/reencrypt", "F F F F F A F", _ => "/api/admin/keys/reencrypt"),
        // Rectification ledger (plan of 650000; its task 19 led by 654000 with co-unit 654200)
        new("GET", "/api/rectification/plans", "F A A A A A F", _ => "/api/rectification/plans"),
        new("GET", "/api/rectification/plans/{}/summary", "F A A N A A F", c => $"/api/rectification/plans/{c.PlanCode}/summary?asOf=2023-06-30"),
        new("GET", "/api/rectification/plans/{}/tasks", "F A A N A A F", c => $"/api/rectification/plans/{c.PlanCode}/tasks"),
        new("GET", "/api/rectification/plans/{}/export.xlsx", "F A A N A A F", c => $"/api/rectification/plans/{c.PlanCode}/export.xlsx"),
        new("POST", "/api/rectification/imports", "F F F F F A F", _ => "/api/rectification/imports", c => new { text = Petitions.Demo.DemoLedger.ReportText(), roundCode = c.RoundCode }),
        new("GET", "/api/rectification/tasks/{}", "F A A N A A F", c => $"/api/rectification/tasks/{c.TaskId}"),
        new("PUT", "/api/rectification/tasks/{}/responsibility", "F F F F F A F", c => $"/api/rectification/tasks/{c.TaskId}/responsibility", _ => new { leadUnit = "654000", coUnits = new[] { "654200" } }),
        new("POST", "/api/rectification/tasks/{}/progress", "F A A N F F F", c => $"/api/rectification/tasks/{c.TaskId}/progress", _ => new { asOf = Today, status = "OnSchedule", text = "按序时推进" }),
        new("POST", "/api/rectification/tasks/{}/verification", "F F F F A F F", c => $"/api/rectification/tasks/{c.TaskId}/verification", _ => new { asOf = Today, evidence = "验收报告" }),
        new("POST", "/api/rectification/tasks/{}/verification/reject", "F F F F A F F", c => $"/api/rectification/tasks/{c.TaskId}/verification/reject", _ => new { reason = "证据不足" }),
        new("POST", "/api/rectification/tasks/{}/reopen", "F F F F A F F", c => $"/api/rectification/tasks/{c.TaskId}/reopen", _ => new { reason = "问题反弹", asOf = Today }),
        new("POST", "/api/rectification/tasks/{}/cases", "F F F F A F F", c => $"/api/rectification/tasks/{c.TaskId}/cases", c => new { caseNo = c.CaseNo }),
        new("DELETE", "/api/rectification/tasks/{}/cases/{}", "F F F F A F F", c => $"/api/rectification/tasks/{c.TaskId}/cases/{c.CaseNo}"),
        new("GET", "/api/rectification/cases/{}/tasks", "A A A N A F F", c => $"/api/rectification/cases/{c.CaseNo}/tasks"),
        new("GET", "/api/admin/reveals", "F F F F F A A", _ => "/api/admin/reveals"),
        // Handover lists and public disclosure (the shared round's batch 1 is published; its import has an invalid row: commit is a 409)
        new("POST", "/api/rounds/{}/batches/{}/imports", "A F F F A F F", c => $"/api/rounds/{c.RoundCode}/batches/1/imports"),
        new("POST", "/api/imports/{}/commit", "A F F F A F F", c => $"/api/imports/{c.ImportId}/commit"),
        new("GET", "/api/imports/{}", "A F F F A F F", c => $"/api/imports/{c.ImportId}"),
        new("GET", "/api/imports/template.xlsx", "A A A A A A A", _ => "/api/imports/template.xlsx", Public: true),
        new("GET", "/api/rounds/{}/batches/{}/publication", "A F F F A A F", c => $"/api/rounds/{c.RoundCode}/batches/1/publication"),
        new("PUT", "/api/rounds/{}/batches/{}/publication", "F F F F A A F", c => $"/api/rounds/{c.RoundCode}/batches/1/publication", _ => new { publishBy = "2026-12-31" }),
        new("POST", "/api/rounds/{}/batches/{}/publish", "F F F F A F F", c => $"/api/rounds/{c.RoundCode}/batches/1/publish"),
        new("GET", "/api/public/disclosure/{}/{}", "A A A A A A A", c => $"/api/public/disclosure/{c.RoundCode}/1", Public: true),
        // Migration import with history (a JSON body is no upload: 400 for the administrator; the shared preview is invalid: 409;
        // its commit is POST /api/imports/{}/commit, administrators only: see The_shared_commit_route_keeps_a_history_import_admin_only)
        new("POST", "/api/imports/history", "F F F F F A F", _ => "/api/imports/history", _ => new { }),
        new("GET", "/api/imports/history/template.xlsx", "A A A A A A A", _ => "/api/imports/history/template.xlsx"),
        // Evidence files (a file for the case file in general: anyone who works the case; a download: anyone who sees it)
        new("POST", "/api/petitions/{}/attachments", "A A A N A F F", c => $"/api/petitions/{c.CaseNo}/attachments", _ => Features.Evidence.EvidenceSamples.Upload(Features.Evidence.EvidenceSamples.Pdf(), "矩阵.pdf")),
        new("GET", "/api/petitions/{}/attachments", "A A A N A F F", c => $"/api/petitions/{c.CaseNo}/attachments"),
        new("GET", "/api/petitions/{}/attachments/{}", "A A A N A F F", c => $"/api/petitions/{c.CaseNo}/attachments/{c.AttachmentId}", NeedsAttachment: true),
        new("GET", "/api/petitions/{}/attachments/{}/thumbnail", "A A A N A F F", c => $"/api/petitions/{c.CaseNo}/attachments/{c.AttachmentId}/thumbnail", NeedsAttachment: true),
        // Batch actions (a result per case: a handler of another unit reaches the handler and gets a 404 result for the case)
        // and the caller's saved filters
        new("POST", "/api/petitions/batch/assign", "A F F F A F F", _ => "/api/petitions/batch/assign", c => new { caseNos = new[] { c.CaseNo }, leadUnit = "654000" }),
        new("POST", "/api/petitions/batch/accept", "F A A A F F F", _ => "/api/petitions/batch/accept", c => new { caseNos = new[] { c.CaseNo } }),
        new("POST", "/api/petitions/batch/supervise", "F F F F A F F", _ => "/api/petitions/batch/supervise", c => new { caseNos = new[] { c.CaseNo }, note = "请加快办理" }),
        new("POST", "/api/petitions/batch/export", "A A A A A F F", _ => "/api/petitions/batch/export", c => new { caseNos = new[] { c.CaseNo } }),
        new("GET", "/api/me/saved-filters", "A A A A A F F", _ => "/api/me/saved-filters"),
        new("POST", "/api/me/saved-filters", "A A A A A F F", _ => "/api/me/saved-filters", _ => new { page = "queue", name = "矩阵", query = "?overdue=true" }),
        new("DELETE", "/api/me/saved-filters/{}", "A A A A A F F", _ => "/api/me/saved-filters/987654321"),
        // Notifications: every signed-in user has an own inbox; a notice that is not the caller's (here: nobody's) is 404 for all.
        new("GET", "/api/notifications", "A A A A A A A", _ => "/api/notifications"),
        new("POST", "/api/notifications/{}/read", "N N N N N N N", _ => "/api/notifications/0123456789abcdef0123456789abcdef/read"),
        // Public
        new("POST", "/api/auth/token", "A A A A A A A", _ => "/api/auth/token", _ => new { username = "intake", password = PetitionsHost.DemoPassword }, Public: true),
        new("GET", "/api/demo/status", "A A A A A A A", _ => "/api/demo/status", Public: true),
        // The complainant's self-service: a token changes nothing (the case is in progress: rating it is a 409).
        new("POST", "/api/public/lookup", "A A A A A A A", _ => "/api/public/lookup", c => new { caseNo = c.CaseNo, queryCode = c.QueryCode }, Public: true),
        new("POST", "/api/public/rating", "A A A A A A A", _ => "/api/public/rating", c => new { caseNo = c.CaseNo, queryCode = c.QueryCode, satisfaction = "Satisfied" }, Public: true),
        new("POST", "/api/public/reviews", "A A A A A A A", _ => "/api/public/reviews", c => new { caseNo = c.CaseNo, queryCode = c.QueryCode, reason = "对处理意见不服" }, Public: true),
    ];

    public static TheoryData<string, string> Rows()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Table) data.Add(row.Method, row.Pattern);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_role_gets_the_expected_answer(string method, string pattern)
    {
        var row = Table.Single(r => r.Method == method && r.Pattern == pattern);
        var context = await Prepare(row);
        var expected = row.Expected.Split(' ');
        var failures = new List<string>();

        var anonymous = await Send(host.CreateClient(), row, context);
        if (!row.Public && anonymous != HttpStatusCode.Unauthorized) failures.Add($"anonymous: {(int)anonymous}, expected 401");

        // The refused first, so that an allowed call changing the case cannot hide a refusal.
        foreach (var i in Enumerable.Range(0, Actors.Length).OrderBy(i => expected[i] == "A" ? 1 : 0))
        {
            var status = await Send(await host.ClientFor(Actors[i]), row, context);
            var ok = expected[i] switch
            {
                "A" => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.InternalServerError),
                "F" => status == HttpStatusCode.Forbidden,
                "N" => status == HttpStatusCode.NotFound,
                _ => false,
            };
            if (!ok) failures.Add($"{Actors[i]}: {(int)status}, expected {expected[i]}");
        }

        Assert.True(failures.Count == 0, $"{method} {pattern}: {string.Join("; ", failures)}");
    }

    [Fact]
    public async Task The_shared_commit_route_keeps_a_history_import_admin_only()
    {
        await host.Shared();
        var historyImportId = await host.HistoryImport();
        var failures = new List<string>();
        var expected = "F F F F F A F".Split(' ');
        for (var i = 0; i < Actors.Length; i++)
        {
            var response = await (await host.ClientFor(Actors[i])).PostAsync($"/api/imports/{historyImportId}/commit", null);
            var ok = expected[i] == "F" ? response.StatusCode == HttpStatusCode.Forbidden : response.StatusCode == HttpStatusCode.Conflict;
            if (!ok) failures.Add($"{Actors[i]}: {(int)response.StatusCode}, expected {expected[i]}");
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [Fact]
    public void Every_api_endpoint_is_in_the_matrix()
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .ToHashSet();
        var covered = Table.Select(r => $"{r.Method} {r.Pattern}").ToHashSet();
        Assert.Empty(endpoints.Except(covered));
        Assert.Empty(covered.Except(endpoints));
    }

    /// <summary>One host for the whole matrix, with what every row refers to created once.</summary>
    public sealed class MatrixHost() : PetitionsHost(Profile.Sqlite)
    {
        private Task<(string Round, string Username)>? shared;
        private Task<(string Plan, string Task)>? ledger;

        /// <summary>The report imported into the shared round; task 19 of the 自治区's plan led by 654000 with co-unit 654200.</summary>
        public Task<(string Plan, string Task)> Ledger() => ledger ??= CreateLedger();

        private async Task<(string, string)> CreateLedger()
        {
            var (round, _) = await Shared();
            var admin = await ClientFor("admin");
            await admin.PostJson("/api/rectification/imports", new { text = Petitions.Demo.DemoLedger.ReportText(), roundCode = round });
            var plan = $"{round}-650000";
            var response = await admin.PutAsJsonAsync($"/api/rectification/tasks/{plan}-19/responsibility", new { leadUnit = "654000", coUnits = new[] { "654200" } });
            response.EnsureSuccessStatusCode();
            return (plan, $"{plan}-19");
        }

        public Task<(string Round, string Username)> Shared() => shared ??= Create();

        private Task<string>? import;

        /// <summary>A previewed handover list of the shared round's batch 1 with an invalid row (committing it is a 409).</summary>
        public Task<string> Import() => import ??= CreateImport();

        private async Task<string> CreateImport()
        {
            var (round, _) = await Shared();
            var file = Features.Handover.HandoverListFiles.Xlsx([Features.Handover.HandoverListFiles.Row("M1", "下周二", "654000", "矩阵企业")]);
            var response = await (await ClientFor("intake")).PostAsync($"/api/rounds/{round}/batches/1/imports", Features.Handover.HandoverListFiles.Upload(file));
            response.EnsureSuccessStatusCode();
            return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["importId"]!.GetValue<string>();
        }

        private Task<string>? historyImport;

        /// <summary>A previewed history import with an invalid row (its commit is a 409 and changes nothing).</summary>
        public Task<string> HistoryImport() => historyImport ??= CreateHistoryImport();

        private async Task<string> CreateHistoryImport()
        {
            var stream = new MemoryStream();
            await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, new[] { new Dictionary<string, object?> { ["台账编号"] = "M-1", ["来件时间"] = "不是日期", ["行政区域"] = "654000", ["被举报对象"] = "矩阵公司", ["污染类型"] = "大气", ["举报内容"] = "矩阵" } });
            var form = new MultipartFormDataContent { { new ByteArrayContent(stream.ToArray()), "file", "matrix.xlsx" } };
            var response = await (await ClientFor("admin")).PostAsync("/api/imports/history", form);
            return (await response.Json())["importId"]!.GetValue<string>();
        }

        private async Task<(string, string)> Create()
        {
            var round = await new CaseDriver(this).NewRound(10, 1);
            var username = $"x{Guid.NewGuid():N}"[..12];
            await (await ClientFor("admin")).PostJson("/api/users", new { username, displayName = "矩阵", password = "matrix-password-1", roles = new[] { "Intake" }, allUnits = true }, 201);
            await (await ClientFor("supervisor")).PostJson("/api/units/654000/supervision", new { note = "请报送整改情况" });
            await (await ClientFor("supervisor")).PostJson($"/api/rounds/{round}/batches/1/publish", new { });
            // The auditor (reads the reveal log, sees no case) is an account an admin creates; it is no demo account.
            await (await ClientFor("admin")).PostJson("/api/users", new { username = "auditor", displayName = "审计员", password = DemoPassword, roles = new[] { "Auditor" }, allUnits = true }, 201);
            return (round, username);
        }
    }

    /// <summary>A fresh InProgress case of 654000 (co-unit 654200) with a supervision notice, and what rows refer to.</summary>
    private async Task<Context> Prepare(Row row)
    {
        var driver = new CaseDriver(host);
        var caseNo = await driver.InProgress(new CaseSpec { Region = "654000" }, "654000", ["654200"]);
        await driver.Do(caseNo, new IssueSupervisionNoticeCommand("请加快办理", null));
        var other = await driver.Assigned(new CaseSpec { Region = "654000" }, "654000");
        var (round, username) = await host.Shared();
        var supervisor = await host.ClientFor("supervisor");

        var reviewId = "none";
        if (row.NeedsReview)
        {
            await driver.Visit(caseNo);
            await driver.Result(caseNo, Verdict.Substantiated);
            await driver.Callback(caseNo, Satisfaction.Satisfied);
            await driver.Close(caseNo);
            var review = await supervisor.PostJson("/api/look-back-reviews", new { unit = "654000", percentage = 100, seed = 3 }, 201);
            reviewId = review["id"]!.GetValue<string>();
        }

        var queryCode = "";
        if (row.Public)
        {
            var issued = await (await host.ClientFor("intake")).PostJson($"/api/petitions/{caseNo}/query-code", new { });
            queryCode = issued["queryCode"]!.GetValue<string>();
        }

        var attachmentId = "";
        if (row.NeedsAttachment)
        {
            var uploaded = await (await host.ClientFor("handler.654000")).PostAsync($"/api/petitions/{caseNo}/attachments",
                Features.Evidence.EvidenceSamples.Upload(Features.Evidence.EvidenceSamples.Png(64, 48), "矩阵.png"));
            attachmentId = (await uploaded.Json())["id"]!.GetValue<string>();
        }

        var (plan, task) = await host.Ledger();
        var importId = row.Pattern.StartsWith("/api/imports/{}", StringComparison.Ordinal) ? await host.Import() : "";
        return new Context(caseNo, other, round, reviewId, username, host.Clock.GetUtcNow(), plan, task, queryCode, importId, await host.HistoryImport(), attachmentId);
    }

    private static async Task<HttpStatusCode> Send(HttpClient client, Row row, Context context)
    {
        var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Url(context));
        var body = row.Body?.Invoke(context);
        if (body is HttpContent content) request.Content = content;
        else if (body is not null || row.Method is "POST" or "PUT") request.Content = JsonContent.Create(body ?? new { });
        return (await client.SendAsync(request)).StatusCode;
    }

    private static string Normalise(string pattern) => RouteParameter().Replace(pattern, "{}").TrimEnd('/');

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
