using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;

namespace Petitions.Application.Features.Stats;

public static class StatsScope
{
    /// <summary>
    /// Whose numbers a user may see next to a unit or round profile: their case scope; an administrator (who sees
    /// no case) sees the aggregate counts of everything, which name no case and no complainant.
    /// </summary>
    public static Scope For(CurrentUser user, UnitTree tree) =>
        user.Roles.Any(r => Roles.CaseWorkers.Contains(r)) ? Scope.ForCases(user, tree) : new Scope(true, new HashSet<string>());
}
