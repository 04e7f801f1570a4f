using Microsoft.Extensions.Localization;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Units;
using Petitions.Host.Components.Resources;

namespace Petitions.Host.Components;

/// <summary>
/// What the circuit knows about its user and the unit tree: loaded once per circuit and refreshed on demand. Used for
/// display; what a user may do is decided by the Application (a case's AllowedActions), and every request is still
/// authorized by the pipeline.
/// </summary>
public sealed class UiSession(UiMediator mediator)
{
    private IReadOnlyList<UnitOption> units = [];
    private Dictionary<string, UnitOption> byCode = [];
    private UnitTree tree = new([]);
    private DateTimeOffset unitsLoadedAt;

    public CurrentUser? User { get; private set; }

    /// <summary>Active units in tree order, with their depth (for indented pickers).</summary>
    public IReadOnlyList<UnitOption> Units => units;

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        User ??= await mediator.CurrentUserAsync(cancellationToken);
        if (User is not null && (units.Count == 0 || DateTimeOffset.UtcNow - unitsLoadedAt > TimeSpan.FromMinutes(1)))
        {
            units = UnitOption.Flatten(await mediator.Send(new ListUnits.Query(), cancellationToken));
            byCode = units.ToDictionary(u => u.Code);
            tree = new UnitTree(units.Select(u => new UnitNode { Code = u.Code, Name = u.Name, ParentCode = u.ParentCode, Kind = u.Kind, Active = u.Active }));
            unitsLoadedAt = DateTimeOffset.UtcNow;
        }
    }

    public bool Is(params string[] roles) => User is { } user && roles.Any(user.IsInRole);

    public string UnitName(string? code) => code is null ? "" : byCode.TryGetValue(code, out var unit) ? unit.Name : code;

    /// <summary>Units were edited: read the tree again.</summary>
    public void InvalidateUnits() => units = [];

    public UnitOption? Unit(string code) => byCode.GetValueOrDefault(code);

    /// <summary>The user's own units (handler) or scope roots (intake, supervisor), or "all units".</summary>
    public string ScopeText(IStringLocalizer<Text> l) =>
        User is null ? "" : User.AllUnits ? l["AllUnits"] : string.Join("、", User.Units.Select(UnitName));

    /// <summary>The unit and its descendants (the Application's tree walk).</summary>
    public IReadOnlySet<string> Subtree(string code) => tree.Subtree(code);

    /// <summary>From the root down to the unit.</summary>
    public IEnumerable<string> PathTo(string code) => tree.AncestorsAndSelf(code).Reverse();
}

/// <summary>A unit as pickers and filters show it: in tree order with its depth.</summary>
public sealed record UnitOption(string Code, string Name, string? ParentCode, string Kind, int Depth, bool Active, bool HasChildren)
{
    public static IReadOnlyList<UnitOption> Flatten(IEnumerable<UnitTreeNode> roots)
    {
        var result = new List<UnitOption>();
        void Walk(UnitTreeNode node, string? parent, int depth)
        {
            result.Add(new UnitOption(node.Code, node.Name, parent, node.Kind, depth, node.Active, node.Children.Count > 0));
            foreach (var child in node.Children) Walk(child, node.Code, depth + 1);
        }

        foreach (var root in roots) Walk(root, null, 0);
        return result;
    }
}
