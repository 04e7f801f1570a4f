using System.Reflection;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Rectification;
using Petitions.Contracts.Rectification;
using Petitions.Domain.Cases;
using Petitions.Domain.Rectification;
using Petitions.Domain.Units;

namespace Petitions.Demo;

/// <summary>
/// With the demo data set: the rectification ledger is imported from the report the product grows from (embedded
/// as Demo/Data/rectification-report-2023.txt) into inspection round R2, as of 2023-06-30, so the dashboard shows
/// "自治区 已完成 14 项 / 兵团 已完成 19 项". Once the demo cases are loaded, problems 十八 (perfunctory handling of
/// complaints: dissatisfied callbacks) and 十九 (伊犁州 answered "not true" without investigating: its mine and steel cases,
/// unsubstantiated ones first) are linked to matching demo cases. The demo load calls this after its cases are in and
/// before it reports itself done (and again on a start that finds the load done, for a database loaded before the
/// ledger existed). Every step is idempotent: running it again writes nothing.
/// </summary>
public sealed class DemoLedger(
    RectificationImporter importer, RoundCatalog rounds, IUnitCatalog units, IGrainFactory grains,
    IRectificationReadModel ledger, ILogger<DemoLedger> logger)
{
    public const string RoundCode = DemoPlan.Round2;
    public const string Resource = "Petitions.Demo.rectification-report-2023.txt";
    private static readonly Actor Loader = Actor.System;

    public static string ReportText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await rounds.FindAsync(RoundCode, cancellationToken) is null)
            {
                logger.LogWarning("Demo ledger: round {Round} does not exist; the ledger is not loaded", RoundCode);
                return;
            }

            var tree = new UnitTree(await units.ListAsync(cancellationToken));
            var result = await importer.ImportAsync(ReportText(), RoundCode, null, tree, Loader, cancellationToken);
            logger.LogInformation("Demo ledger: {Plans} plans, {Tasks} tasks as of {AsOf:yyyy-MM-dd}", result.Plans, result.Tasks, result.AsOf);

            var region = RectificationPlan.CodeFor(RoundCode, UnitCatalog.Region);
            await Assign(RectificationPlan.TaskId(region, 18), UnitCatalog.Region, "自治区分管副主席（演示）");
            await Assign(RectificationPlan.TaskId(region, 19), "654000", "伊犁州分管副州长（演示）");

            var perfunctory = await ledger.FindCasesAsync(new LedgerCaseSearch(null, UnitCatalog.Corps, [], nameof(Satisfaction.Dissatisfied), 3), cancellationToken);
            var yili = await ledger.FindCasesAsync(new LedgerCaseSearch("654000", null, ["矿", "钢", "冶炼", "砂石"], null, 3, nameof(Verdict.Unsubstantiated)), cancellationToken);
            await Link(RectificationPlan.TaskId(region, 18), perfunctory);
            await Link(RectificationPlan.TaskId(region, 19), yili);
            logger.LogInformation("Demo ledger: problem 十八 linked to {Eighteen} cases, 十九 to {Nineteen}", perfunctory.Count, yili.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ledger is a part of the demo, not a condition of it: the cases stay loaded, the next start tries again.
            logger.LogError(e, "Demo ledger: the import failed");
        }
    }

    private async Task Assign(string taskId, string leadUnit, string leader)
    {
        var grain = grains.GetGrain<IRectificationTaskGrain>(taskId);
        if (await grain.Get() is { } task && (task.LeadUnit != leadUnit || task.Leader != leader))
            await grain.Execute(new AssignTaskCommand(leadUnit, [], leader, 3), Loader);
    }

    private async Task Link(string taskId, IEnumerable<string> caseNos)
    {
        foreach (var caseNo in caseNos)
            await grains.GetGrain<IRectificationTaskGrain>(taskId).Execute(new LinkTaskCaseCommand(caseNo), DemoActors.Supervisor);
    }
}
