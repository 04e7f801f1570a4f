using Petitions.Domain.Cases;
using Petitions.Domain.Units;
using Petitions.Application.Common.Security;

namespace Petitions.Demo;

/// <summary>Who does a step: the demo accounts (intake, supervisor, the lead unit's handler).</summary>
public static class DemoActors
{
    public static readonly Actor Intake = Of(DemoAccounts.Intake);
    public static readonly Actor Supervisor = Of(DemoAccounts.Supervisor);

    /// <summary>Who imports the demo histories (the "imported" entry at the end of each demo case's timeline).</summary>
    public static readonly Actor Loader = new("demo", "演示数据导入");

    private static readonly Dictionary<string, Actor> Handlers =
        UnitCatalog.Seed.ToDictionary(u => u.Code, u => Of(DemoAccounts.Handler(u)));

    public static Actor Handler(string unit) => Handlers.TryGetValue(unit, out var actor) ? actor : new Actor($"handler.{unit}", $"{unit}承办人（演示）");

    private static Actor Of(UserAccount account) => new(account.Username, account.DisplayName);
}
