using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Units;

namespace Petitions.Application.Features.Units;

public sealed record UnitTreeNode(string Code, string Name, string Kind, bool Active, IReadOnlyList<UnitTreeNode> Children)
{
    public static IReadOnlyList<UnitTreeNode> Build(UnitTree tree, bool includeInactive) =>
        tree.Roots.Where(u => includeInactive || u.Active).Select(u => Node(tree, u, includeInactive)).ToList();

    private static UnitTreeNode Node(UnitTree tree, UnitNode unit, bool includeInactive) =>
        new(unit.Code, unit.Name, unit.Kind, unit.Active,
            tree.ChildrenOf(unit.Code).Where(c => includeInactive || c.Active).Select(c => Node(tree, c, includeInactive)).ToList());
}

/// <summary>A unit's profile, its supervision notices and (when the caller may see them) its live statistics.</summary>
public sealed record UnitView(
    string Code,
    string Name,
    string? ParentCode,
    string? ParentName,
    UnitKind Kind,
    int SortOrder,
    bool Active,
    string? ContactPerson,
    string? ContactPhone,
    string? ResponsiblePerson,
    int RectificationDays,
    int Version,
    IReadOnlyList<UnitRefView> Children,
    IReadOnlyList<SupervisionNotice> SupervisionNotices,
    object? Statistics)
{
    public static UnitView From(ResponsibleUnit unit, UnitTree tree, object? statistics = null) => new(
        unit.Code, unit.Name, unit.ParentCode, unit.ParentCode is { } p ? tree.NameOf(p) : null, unit.Kind, unit.SortOrder, unit.Active,
        unit.ContactPerson, unit.ContactPhone, unit.ResponsiblePerson, unit.RectificationDays, unit.Version,
        tree.ChildrenOf(unit.Code).Select(c => new UnitRefView(c.Code, c.Name, c.Active)).ToList(),
        unit.Notices, statistics);
}

public sealed record UnitRefView(string Code, string Name, bool Active);
