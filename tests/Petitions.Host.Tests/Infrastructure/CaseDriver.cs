using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;

namespace Petitions.Host.Tests.Infrastructure;

/// <summary>Brings registered cases through the lifecycle via the real grain path (for tests about what follows).</summary>
public static class CaseDriver
{
    private static readonly CommandMeta Handler = new(new Actor("handler.test", "承办人（测试）"));
    private static readonly CommandMeta Supervisor = new(new Actor("supervisor.test", "督办（测试）"));

    public static async Task Run(this PetitionsHost host, string caseNo, CaseCommand command, bool supervisor = false)
    {
        var result = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IPetitionCaseGrain>(caseNo)
            .Execute(command, supervisor ? Supervisor : Handler);
        Assert.True(result.Violation is null, $"{command.GetType().Name} on {caseNo}: {result.Violation}");
    }

    /// <summary>Assigned (or registered with a lead unit) → accepted, visited, result, satisfied callback, closed.</summary>
    public static async Task Close(this PetitionsHost host, string caseNo, ClosureKind kind = ClosureKind.Final, Verdict verdict = Verdict.Substantiated)
    {
        var now = host.Clock.UtcNow;
        await host.Run(caseNo, new AcceptCase());
        await host.Run(caseNo, new LogSiteVisit(now.AddMinutes(-30), ["核查员"], "现场核查"));
        await host.Run(caseNo, new SubmitResult(verdict, "核查情况", "整改措施", null, "处理结果公开摘要"));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.Run(caseNo, new LogCallback(host.Clock.UtcNow, CallbackMethod.Phone, CallbackContact.Complainant, Satisfaction.Satisfied, null));
        await host.Run(caseNo, new CloseCase(kind, "验收销号", kind == ClosureKind.Stage ? host.Clock.UtcNow.AddDays(30) : null), supervisor: true);
    }
}
