using Petitions.Application.Common.Security;
using Petitions.Domain.Units;

namespace Petitions.Demo;

/// <summary>The demo accounts (created in demo mode): intake and supervisor over everything, and one handler per catalog unit.</summary>
public static class DemoAccounts
{
    public static readonly UserAccount Intake = new() { Username = "intake", DisplayName = "受理员（演示）", Roles = Roles.Intake, AllUnits = true };

    public static readonly UserAccount Supervisor = new() { Username = "supervisor", DisplayName = "督办领导（演示）", Roles = Roles.Supervisor, AllUnits = true };

    public static UserAccount Handler(UnitSeed unit) => new()
    {
        Username = $"handler.{unit.Code}",
        DisplayName = $"{unit.Name}承办人（演示）",
        Roles = Roles.Handler,
        Units = unit.Code,
    };

    public static IEnumerable<UserAccount> All()
    {
        yield return Intake;
        yield return Supervisor;
        foreach (var unit in UnitCatalog.Seed)
        {
            yield return Handler(unit);
        }
    }
}
