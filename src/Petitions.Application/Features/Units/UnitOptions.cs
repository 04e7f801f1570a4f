using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;

namespace Petitions.Application.Features.Units;

/// <summary>The responsible units in tree order with their depth: what pickers and filters offer to any signed-in user.</summary>
public static class UnitOptions
{
    [Authorize]
    public sealed record Query(bool IncludeInactive = false) : IRequest<IReadOnlyList<Option>>;

    public sealed record Option(string Code, string Name, string? ParentCode, string Kind, int Depth, bool Active, bool HasChildren);

    public sealed class Handler(UnitDirectory units) : IRequestHandler<Query, IReadOnlyList<Option>>
    {
        public async Task<IReadOnlyList<Option>> Handle(Query request, CancellationToken cancellationToken)
        {
            var tree = await units.GetAsync(cancellationToken);
            var result = new List<Option>();
            void Walk(UnitNode unit, int depth)
            {
                if (!unit.Active && !request.IncludeInactive) return;
                var children = tree.ChildrenOf(unit.Code).ToList();
                result.Add(new Option(unit.Code, unit.Name, unit.ParentCode, unit.Kind, depth, unit.Active, children.Count > 0));
                foreach (var child in children) Walk(child, depth + 1);
            }

            foreach (var root in tree.Roots) Walk(root, 0);
            return result;
        }
    }
}
