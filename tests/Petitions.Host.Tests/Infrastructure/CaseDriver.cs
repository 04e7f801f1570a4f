using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;

namespace Petitions.Host.Tests.Infrastructure;

/// <summary>What to register: everything optional; the target is unique unless given (so no case repeats another by accident).</summary>
public sealed record CaseSpec
{
    public string Region { get; init; } = "654000";
    public string? Round { get; init; }
    public int? Batch { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public string[] Categories { get; init; } = ["Air", "Noise"];
    public string? Target { get; init; }
    public string Description { get; init; } = "夜间排放刺鼻气味，噪声扰民。";
    public string? Address { get; init; }
}

/// <summary>
/// The one builder of cases in given states for host tests. Here: registers through POST /api/petitions (as intake),
/// then sends the domain commands straight to the case grain (the real write path: decide, persist, project) as a
/// test actor, for read-side tests. CaseDriver.Api.cs: the same through the HTTP actions as the demo users.
/// </summary>
public sealed partial class CaseDriver(PetitionsHost host)
{
    public const string ComplainantName = "张三丰";
    public const string ComplainantPhone = "13812345678";
    private static readonly CommandMeta Meta = new(new Actor("t", "测试"));

    private IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>A fresh inspection round named "测试轮次&lt;code&gt;", with its batches, through the rounds API.</summary>
    public async Task<string> NewRound(int? handlingDays = null, params int[] batches)
    {
        var admin = await Admin;
        var code = "R" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await admin.PostJson("/api/rounds", new { code, name = $"测试轮次{code}", startsOn = "2026-01-01", handlingDays }, 201);
        foreach (var batch in batches)
        {
            await admin.PostJson($"/api/rounds/{code}/batches", new { batchNo = batch, handedOverOn = "2026-01-02" }, 201);
        }

        return code;
    }

    /// <summary>Names a unit's responsible person through the units API, keeping the rest of its profile.</summary>
    public async Task SetResponsiblePerson(string unit, string person)
    {
        var admin = await Admin;
        var u = await admin.GetJson($"/api/units/{unit}");
        var response = await admin.PutAsJsonAsync($"/api/units/{unit}", new
        {
            name = u["name"]!.GetValue<string>(),
            parentCode = u["parentCode"]?.GetValue<string>(),
            kind = u["kind"]!.GetValue<string>(),
            sortOrder = u["sortOrder"]!.GetValue<int>(),
            active = u["active"]!.GetValue<bool>(),
            contactPerson = u["contactPerson"]?.GetValue<string>(),
            contactPhone = u["contactPhone"]?.GetValue<string>(),
            responsiblePerson = person,
            rectificationDays = u["rectificationDays"]!.GetValue<int>(),
        });
        Assert.True(response.IsSuccessStatusCode, $"PUT /api/units/{unit}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static string UniqueTarget(string prefix = "测试企业") => $"{prefix}{Guid.NewGuid().ToString("N")[..10]}有限公司";

    public async Task<string> Register(CaseSpec? spec = null)
    {
        spec ??= new CaseSpec();
        var body = new Dictionary<string, object?>
        {
            ["channel"] = "Hotline",
            ["receivedAt"] = (spec.ReceivedAt ?? Now.AddHours(-1)).ToString("O"),
            ["roundCode"] = spec.Round,
            ["batchNo"] = spec.Batch,
            ["complainant"] = new Dictionary<string, object?> { ["name"] = ComplainantName, ["phone"] = ComplainantPhone, ["anonymous"] = false },
            ["regionCode"] = spec.Region,
            ["address"] = spec.Address ?? "某工业园区某路1号",
            ["target"] = spec.Target ?? UniqueTarget(),
            ["categories"] = spec.Categories,
            ["description"] = spec.Description,
        };
        var created = await (await Intake).PostJson("/api/petitions", body, 201);
        return created["caseNo"]!.GetValue<string>();
    }

    /// <summary>Sends one command to the case grain; a refusal fails the test with the rule.</summary>
    public async Task<PetitionCase> Do(string caseNo, CaseCommand command)
    {
        var result = await Grains.GetGrain<IPetitionCaseGrain>(caseNo).Execute(command, Meta);
        Assert.True(result.Violation is null, $"{command.GetType().Name} on {caseNo} refused: {result.Violation?.Rule} {result.Violation?.Message}");
        return result.Case!;
    }

    public async Task<PetitionCase> Get(string caseNo) => (await Grains.GetGrain<IPetitionCaseGrain>(caseNo).Get())!;

    // ---- single steps ---------------------------------------------------------------------------------------

    public Task<PetitionCase> Assign(string caseNo, string lead, string[]? coUnits = null, DateTimeOffset? dueAt = null) =>
        Do(caseNo, new AssignCaseCommand(lead, coUnits ?? [], dueAt));

    public Task<PetitionCase> Accept(string caseNo) => Do(caseNo, new AcceptCaseCommand());

    public Task<PetitionCase> NotAccept(string caseNo) => Do(caseNo, new NotAcceptCaseCommand("不属于生态环境部门职责"));

    public Task<PetitionCase> Visit(string caseNo) => Do(caseNo, new LogSiteVisitCommand(Now, ["检查员甲", "检查员乙"], "现场核查情况"));

    public Task<PetitionCase> Result(string caseNo, Verdict verdict) =>
        Do(caseNo, new SubmitResultCommand(verdict, "核查结论", "整改措施", null, "公开说明"));

    public Task<PetitionCase> Callback(string caseNo, Satisfaction satisfaction, CallbackContact contact = CallbackContact.Complainant) =>
        Do(caseNo, new LogCallbackCommand(Now, CallbackMethod.Phone, contact, satisfaction, null));

    public Task<PetitionCase> Close(string caseNo, ClosureKind kind = ClosureKind.Final, string? note = null) =>
        Do(caseNo, new CloseCaseCommand(kind, note, kind == ClosureKind.Stage ? Now.AddDays(30) : null));

    public Task<PetitionCase> Reopen(string caseNo, string target, DateTimeOffset dueAt, string responsible) =>
        Do(caseNo, new ReopenCaseCommand("督办复查发现问题", target, dueAt, responsible));

    public Task<PetitionCase> NameLeader(string caseNo, string name = "李副市长", string title = "副市长") =>
        Do(caseNo, new NameLeaderOwnerCommand(name, title));

    /// <summary>Links a repeat to its original by hand: the repeat is flagged, and its grain tells the original, which counts it.</summary>
    public async Task LinkRepeat(string repeat, string original)
    {
        await Do(repeat, new LinkRepeatCommand(original, "同一企业", Automatic: false));
        Assert.Contains(repeat, (await Get(original)).Repeats);
    }

    // ---- whole paths ----------------------------------------------------------------------------------------

    /// <summary>An assigned case accepted, visited, answered, called back (satisfied) and closed.</summary>
    public async Task CloseAssigned(string caseNo, ClosureKind kind = ClosureKind.Final, Verdict verdict = Verdict.Substantiated)
    {
        await Accept(caseNo);
        await Visit(caseNo);
        await Result(caseNo, verdict);
        await Callback(caseNo, Satisfaction.Satisfied);
        await Close(caseNo, kind);
    }

    public async Task<string> Assigned(CaseSpec spec, string lead, string[]? coUnits = null, DateTimeOffset? dueAt = null)
    {
        var caseNo = await Register(spec);
        await Assign(caseNo, lead, coUnits, dueAt);
        return caseNo;
    }

    public async Task<string> InProgress(CaseSpec spec, string lead, string[]? coUnits = null, DateTimeOffset? dueAt = null)
    {
        var caseNo = await Assigned(spec, lead, coUnits, dueAt);
        await Accept(caseNo);
        return caseNo;
    }

    public async Task<string> ResultSubmitted(CaseSpec spec, string lead, Verdict verdict, string[]? coUnits = null)
    {
        var caseNo = await InProgress(spec, lead, coUnits);
        await Visit(caseNo);
        await Result(caseNo, verdict);
        return caseNo;
    }

    /// <summary>Handled, called back and closed (a dissatisfied callback would reopen it instead: use <see cref="Dissatisfied"/>).</summary>
    public async Task<string> Closed(CaseSpec spec, string lead, Verdict verdict = Verdict.Substantiated,
        Satisfaction satisfaction = Satisfaction.Satisfied, ClosureKind kind = ClosureKind.Final, string[]? coUnits = null)
    {
        var caseNo = await ResultSubmitted(spec, lead, verdict, coUnits);
        await Callback(caseNo, satisfaction);
        await Close(caseNo, kind);
        return caseNo;
    }

    /// <summary>Handled, then a dissatisfied callback: the case is reopened onto the problem list.</summary>
    public async Task<string> Dissatisfied(CaseSpec spec, string lead, Verdict verdict = Verdict.Substantiated)
    {
        var caseNo = await ResultSubmitted(spec, lead, verdict);
        await Callback(caseNo, Satisfaction.Dissatisfied);
        return caseNo;
    }

    /// <summary>Closed after its deadline: the clock runs past the due date (by five minutes) for the closing.</summary>
    public async Task<string> ClosedLate(CaseSpec spec, string lead, Verdict verdict = Verdict.Substantiated, Satisfaction satisfaction = Satisfaction.Satisfied)
    {
        var caseNo = await InProgress(spec, lead, dueAt: Now.AddMinutes(2));
        await Visit(caseNo);
        await Result(caseNo, verdict);
        await Callback(caseNo, satisfaction);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var closed = await Close(caseNo);
        Assert.False(closed.Closure!.OnTime);
        return caseNo;
    }

    /// <summary>Registered long enough ago that its acceptance deadline (15 days) has passed, then assigned: open and overdue.</summary>
    public Task<string> Overdue(CaseSpec spec, string lead, int receivedDaysAgo = 20) =>
        Assigned(spec with { ReceivedAt = Now.AddDays(-receivedDaysAgo) }, lead);
}

public static class JsonItems
{
    public static IReadOnlyList<JsonNode> Items(this JsonNode page) => page["items"]!.AsArray().Select(i => i!).ToList();

    public static IReadOnlyList<string> CaseNos(this JsonNode page) => page.Items().Select(i => i["caseNo"]!.GetValue<string>()).ToList();

    public static JsonNode Item(this JsonNode page, string caseNo) =>
        page.Items().Single(i => i["caseNo"]!.GetValue<string>() == caseNo);
}
