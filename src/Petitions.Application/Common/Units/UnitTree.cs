namespace Petitions.Application.Common.Units;

/// <summary>A unit as the tree needs it. Init properties, not a positional record: SQLite returns every integer as Int64.</summary>
public sealed record UnitNode
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? ParentCode { get; init; }
    public string Kind { get; init; } = "";
    public int SortOrder { get; init; }
    public bool Active { get; init; } = true;
}

/// <summary>The responsible-unit tree as it stands: subtree expansion for scopes, statistics and filters.</summary>
public sealed class UnitTree
{
    private readonly Dictionary<string, UnitNode> byCode;
    private readonly ILookup<string, UnitNode> children;

    public UnitTree(IEnumerable<UnitNode> units)
    {
        byCode = units.ToDictionary(u => u.Code);
        children = byCode.Values.Where(u => u.ParentCode is not null).OrderBy(u => u.SortOrder).ThenBy(u => u.Code).ToLookup(u => u.ParentCode!);
        Roots = byCode.Values.Where(u => u.ParentCode is null || !byCode.ContainsKey(u.ParentCode)).OrderBy(u => u.SortOrder).ThenBy(u => u.Code).ToList();
    }

    public IReadOnlyList<UnitNode> Roots { get; }

    public IEnumerable<UnitNode> All => byCode.Values;

    /// <summary>Whether the code names a unit; null names none (a null inside a list of codes is input, not a crash).</summary>
    public bool Contains(string? code) => code is not null && byCode.ContainsKey(code);

    public bool IsActive(string? code) => code is not null && byCode.TryGetValue(code, out var unit) && unit.Active;

    public UnitNode? Find(string code) => byCode.GetValueOrDefault(code);

    public string NameOf(string code) => byCode.TryGetValue(code, out var unit) ? unit.Name : code;

    public IEnumerable<UnitNode> ChildrenOf(string code) => children[code];

    /// <summary>The unit and all its descendants.</summary>
    public IReadOnlySet<string> Subtree(string code)
    {
        var result = new HashSet<string>();
        var stack = new Stack<string>();
        stack.Push(code);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (!result.Add(current)) continue;
            foreach (var child in children[current]) stack.Push(child.Code);
        }

        return result;
    }

    /// <summary>The unit and its ancestors up to a root (a cycle-safe walk).</summary>
    public IEnumerable<string> AncestorsAndSelf(string code)
    {
        var seen = new HashSet<string>();
        for (var current = code; current is not null && seen.Add(current); current = byCode.GetValueOrDefault(current)?.ParentCode)
        {
            yield return current;
        }
    }
}

/// <summary>The units table as the tree needs it.</summary>
public interface IUnitCatalog
{
    Task<IReadOnlyList<UnitNode>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>The unit tree for the current request, loaded once per scope (units are few; edits show at once).</summary>
public sealed class UnitDirectory(IUnitCatalog catalog)
{
    private UnitTree? tree;

    public async Task<UnitTree> GetAsync(CancellationToken cancellationToken = default) =>
        tree ??= new UnitTree(await catalog.ListAsync(cancellationToken));

    public void Invalidate() => tree = null;
}
