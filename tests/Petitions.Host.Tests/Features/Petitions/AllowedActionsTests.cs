using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;
using Petitions.Host.Tests.Security;

namespace Petitions.Host.Tests.Features.Petitions;

/// <summary>
/// The actions a case offers each user (GET's allowedActions) are exactly those the domain's command table allows in
/// the case's state and the authorization matrix (<see cref="AuthorizationMatrixTests"/>, the independent statement
/// of who may send what) allows the user. Cases are laid out like the matrix's: region and lead 654000, co-unit 654200.
/// </summary>
public sealed class AllowedActionsTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    /// <summary>The route of each case-file action in the matrix.</summary>
    private static readonly IReadOnlyDictionary<CaseCommandKind, (string Method, string Pattern)> Routes = new Dictionary<CaseCommandKind, (string, string)>
    {
        [CaseCommandKind.Assign] = ("POST", "/api/petitions/{}/assign"),
        [CaseCommandKind.NotAccept] = ("POST", "/api/petitions/{}/not-accept"),
        [CaseCommandKind.Accept] = ("POST", "/api/petitions/{}/accept"),
        [CaseCommandKind.Transfer] = ("POST", "/api/petitions/{}/transfer"),
        [CaseCommandKind.SiteVisit] = ("POST", "/api/petitions/{}/site-visits"),
        [CaseCommandKind.Result] = ("POST", "/api/petitions/{}/result"),
        [CaseCommandKind.Callback] = ("POST", "/api/petitions/{}/callbacks"),
        [CaseCommandKind.RequestExtension] = ("POST", "/api/petitions/{}/extension"),
        [CaseCommandKind.ApproveExtension] = ("POST", "/api/petitions/{}/extension/approve"),
        [CaseCommandKind.RefuseExtension] = ("POST", "/api/petitions/{}/extension/refuse"),
        [CaseCommandKind.Close] = ("POST", "/api/petitions/{}/close"),
        [CaseCommandKind.Reopen] = ("POST", "/api/petitions/{}/reopen"),
        [CaseCommandKind.Supervise] = ("POST", "/api/petitions/{}/supervise"),
        [CaseCommandKind.ReplyNotice] = ("POST", "/api/petitions/{}/supervision/{}/reply"),
        [CaseCommandKind.Leader] = ("POST", "/api/petitions/{}/leader"),
        [CaseCommandKind.AdjustProblem] = ("PUT", "/api/petitions/{}/problem-list"),
        [CaseCommandKind.LinkRepeat] = ("POST", "/api/petitions/{}/repeat-of"),
        [CaseCommandKind.UnlinkRepeat] = ("DELETE", "/api/petitions/{}/repeat-of"),
        [CaseCommandKind.Reveal] = ("POST", "/api/petitions/{}/complainant/reveal"),
        [CaseCommandKind.DecideRepeat] = ("POST", "/api/petitions/{}/repeat-decision"),
        [CaseCommandKind.RecordDelivery] = ("POST", "/api/petitions/{}/deliveries"),
        [CaseCommandKind.Divert] = ("POST", "/api/petitions/{}/divert"),
        [CaseCommandKind.FlagUrgent] = ("POST", "/api/petitions/{}/urgent"),
        [CaseCommandKind.ReportUrgent] = ("POST", "/api/petitions/{}/urgent-reports"),
        [CaseCommandKind.AttachEvidence] = ("POST", "/api/petitions/{}/attachments"),
        [CaseCommandKind.RequestReview] = ("POST", "/api/petitions/{}/reviews"),
        [CaseCommandKind.ReviewHearing] = ("POST", "/api/petitions/{}/reviews/{}/hearing"),
        [CaseCommandKind.DecideReview] = ("POST", "/api/petitions/{}/reviews/{}/decision"),
    };

    private static bool MatrixAllows(CaseCommandKind kind, string actor)
    {
        var (method, pattern) = Routes[kind];
        var row = AuthorizationMatrixTests.Table.Single(r => r.Method == method && r.Pattern == pattern);
        return row.Expected.Split(' ')[Array.IndexOf(AuthorizationMatrixTests.Actors, actor)] == "A";
    }

    public static TheoryData<string> States() => new() { "Registered", "NotAccepted", "Assigned", "InProgress", "PendingExtension", "ResultSubmitted", "Closed", "StageClosed", "Repeat" };

    [Theory]
    [MemberData(nameof(States))]
    public async Task Each_user_is_offered_what_the_state_and_the_authorization_matrix_allow(string state)
    {
        var driver = new CaseDriver(host);
        var caseNo = await Reach(driver, state);
        var petitionCase = await driver.Get(caseNo);
        var failures = new List<string>();

        // Admins and auditors see no case at all (the matrix: 403 on every case route).
        foreach (var actor in AuthorizationMatrixTests.Actors.Where(a => a is not ("admin" or "auditor")))
        {
            // A handler of no unit of the case does not see it at all (another unit's; a co-unit before assignment).
            var unrelated = actor == "handler.650100" || actor == "handler.654200" && !petitionCase.Units.Contains("654200");
            var view = await (await host.ClientFor(actor)).GetJson($"/api/petitions/{caseNo}", expectedStatus: unrelated ? 404 : 200);
            if (unrelated) continue;

            var offered = view["allowedActions"]!.AsArray().Select(a => Enum.Parse<CaseCommandKind>(a!.GetValue<string>())).Order().ToList();
            var expected = Routes.Keys.Where(k => CaseCommandTable.Applies(petitionCase, k) && MatrixAllows(k, actor)).Order().ToList();
            if (!offered.SequenceEqual(expected))
                failures.Add($"{actor}: offered [{string.Join(", ", offered)}], expected [{string.Join(", ", expected)}]");
        }

        Assert.True(failures.Count == 0, $"{state} ({petitionCase.Status}): {string.Join("; ", failures)}");
    }

    [Fact]
    public void Every_case_file_action_has_a_route_in_the_matrix()
    {
        var kinds = global::Petitions.Application.Common.Security.CaseActionPermissions.ByKind.Keys.Order().ToList();
        Assert.Equal(kinds, Routes.Keys.Order().ToList());
        Assert.All(Routes.Values, route => Assert.Single(AuthorizationMatrixTests.Table, r => (r.Method, r.Pattern) == route));
    }

    [Fact]
    public async Task A_not_accepted_case_offers_linking_a_repeat_as_the_domain_allows()
    {
        var driver = new CaseDriver(host);
        var caseNo = await Reach(driver, "NotAccepted");

        var view = await (await host.ClientFor("intake")).GetJson($"/api/petitions/{caseNo}");

        var offered = view["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Contains(nameof(CaseCommandKind.LinkRepeat), offered);
        Assert.DoesNotContain(nameof(CaseCommandKind.Assign), offered);
    }

    private static async Task<string> Reach(CaseDriver driver, string state)
    {
        var spec = new CaseSpec { Region = "654000", Target = CaseDriver.UniqueTarget() };
        switch (state)
        {
            case "Registered":
                return await driver.Register(spec);
            case "NotAccepted":
            {
                var caseNo = await driver.Register(spec);
                await driver.NotAccept(caseNo);
                return caseNo;
            }
            case "Assigned":
                return await driver.Assigned(spec, "654000", ["654200"]);
            case "InProgress":
            {
                var caseNo = await driver.InProgress(spec, "654000", ["654200"]);
                await driver.Do(caseNo, new IssueSupervisionNoticeCommand("请加快办理", null));
                return caseNo;
            }
            case "PendingExtension":
            {
                var caseNo = await driver.InProgress(spec, "654000", ["654200"]);
                await driver.Do(caseNo, new RequestExtensionCommand(10, "情况复杂"));
                return caseNo;
            }
            case "ResultSubmitted":
                return await driver.ResultSubmitted(spec, "654000", Verdict.Substantiated, ["654200"]);
            case "Closed":
                return await driver.Closed(spec, "654000");
            case "StageClosed":
            {
                var caseNo = await driver.ResultSubmitted(spec, "654000", Verdict.Substantiated, ["654200"]);
                await driver.Callback(caseNo, Satisfaction.Satisfied);
                await driver.Do(caseNo, new CloseCaseCommand(ClosureKind.Stage, "阶段性办结", DateTimeOffset.UtcNow.AddDays(30)));
                return caseNo;
            }
            case "Repeat":
            {
                var original = await driver.Register(spec with { Target = CaseDriver.UniqueTarget() });
                var caseNo = await driver.Assigned(spec, "654000", ["654200"]);
                await driver.LinkRepeat(caseNo, original);
                return caseNo;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }
    }
}
