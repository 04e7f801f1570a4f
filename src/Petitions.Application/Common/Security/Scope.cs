using Petitions.Application.Common.Units;

namespace Petitions.Application.Common.Security;

/// <summary>Which units' cases a user may see: handlers their own units, others a subtree (or all).</summary>
public sealed record Scope(bool Everything, IReadOnlySet<string> Units)
{
    public static Scope For(CurrentUser user, UnitTree tree, IEnumerable<string> roles)
    {
        var units = new HashSet<string>();
        foreach (var role in roles.Where(user.IsInRole))
        {
            if (role == Roles.Handler)
            {
                units.UnionWith(user.Units);
            }
            else if (role is Roles.Intake or Roles.Supervisor)
            {
                if (user.AllUnits) return new Scope(true, units);
                foreach (var root in user.Units) units.UnionWith(tree.Subtree(root));
            }
        }

        return new Scope(false, units);
    }

    /// <summary>The scope for reading cases: every case-working role the user holds.</summary>
    public static Scope ForCases(CurrentUser user, UnitTree tree) => For(user, tree, Roles.CaseWorkers);

    public bool Includes(string unit) => Everything || Units.Contains(unit);

    public bool IncludesAny(IEnumerable<string> units) => Everything || units.Any(Units.Contains);
}
