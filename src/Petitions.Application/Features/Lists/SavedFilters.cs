using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Lists;

/// <summary>A saved filter (常用筛选) of the caller: the page it filters and the page's query string.</summary>
public sealed record SavedFilterView(long Id, string Page, string Name, string Query, DateTimeOffset SavedAt);

/// <summary>Where saved filters are kept, per user.</summary>
public interface ISavedFilterStore
{
    Task<IReadOnlyList<SavedFilterView>> ListAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Saves the filter under its name, replacing one of the same name on the same page.</summary>
    Task<SavedFilterView> SaveAsync(string username, string page, string name, string query, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>False when the user has no such filter.</summary>
    Task<bool> DeleteAsync(string username, long id, CancellationToken cancellationToken = default);
}

/// <summary>The pages a filter can be saved for, and the limits.</summary>
public static class SavedFilterPages
{
    public const string Queue = "queue";
    public const string Cases = "cases";
    public static readonly string[] All = [Queue, Cases];
    public const int NameLength = 40;
    public const int QueryLength = 1000;
    public const int MaxPerPage = 30;
}

/// <summary>GET /api/me/saved-filters: the caller's saved filters, by page then name.</summary>
public static class ListSavedFilters
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query : IRequest<IReadOnlyList<SavedFilterView>>;

    public sealed class Handler(ISavedFilterStore store, ICurrentUserAccessor users) : IRequestHandler<Query, IReadOnlyList<SavedFilterView>>
    {
        public async Task<IReadOnlyList<SavedFilterView>> Handle(Query request, CancellationToken cancellationToken) =>
            await store.ListAsync((await users.GetAsync(cancellationToken))!.Username, cancellationToken);
    }
}

/// <summary>POST /api/me/saved-filters: save the current filter of a page under a name (the same name replaces it).</summary>
public static class SaveFilter
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Command : IRequest<SavedFilterView>
    {
        /// <summary>queue | cases.</summary>
        public string? Page { get; init; }
        public string? Name { get; init; }
        /// <summary>The page's query string, e.g. "?status=Assigned&amp;overdue=true" (empty: no filter).</summary>
        public string? Query { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Page).NotEmpty().Must(p => p is null || SavedFilterPages.All.Contains(p.Trim()))
                .WithErrorCode(ValidationCodes.OneOf).WithMessage($"'{{PropertyName}}' must be one of {string.Join(", ", SavedFilterPages.All)}.");
            RuleFor(c => c.Name).RequiredText(SavedFilterPages.NameLength).WithErrorCode(ValidationCodes.SavedFilterName);
            RuleFor(c => c.Query).MaximumLength(SavedFilterPages.QueryLength).PlainText()
                .Must(q => string.IsNullOrWhiteSpace(q) || q.Trim().StartsWith('?') && !q.Contains('#'))
                .WithErrorCode(ValidationCodes.SavedFilterQuery).WithMessage("'{PropertyName}' must be the page's query string, starting with '?'.");
        }
    }

    public sealed class Handler(ISavedFilterStore store, ICurrentUserAccessor users, IClock clock) : IRequestHandler<Command, SavedFilterView>
    {
        public async Task<SavedFilterView> Handle(Command request, CancellationToken cancellationToken)
        {
            var username = (await users.GetAsync(cancellationToken))!.Username;
            var page = request.Page!.Trim();
            var name = request.Name!.Trim();
            var mine = (await store.ListAsync(username, cancellationToken)).Where(f => f.Page == page).ToList();
            if (mine.Count >= SavedFilterPages.MaxPerPage && mine.All(f => f.Name != name))
                throw new ConflictException(ConflictRules.TooManySavedFilters, $"At most {SavedFilterPages.MaxPerPage} filters can be saved per page: delete one first.");
            return await store.SaveAsync(username, page, name, InputRules.TrimOrNull(request.Query) ?? "", clock.UtcNow, cancellationToken);
        }
    }
}

/// <summary>
/// DELETE /api/me/saved-filters/{id}: delete one of the caller's saved filters. Deleting is idempotent: an id that is not
/// (or no longer) the caller's deletes nothing and answers the same, so nothing tells whether another user has it.
/// </summary>
public static class DeleteSavedFilter
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Command(long Id) : IRequest<Unit>;

    public sealed class Handler(ISavedFilterStore store, ICurrentUserAccessor users) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await store.DeleteAsync((await users.GetAsync(cancellationToken))!.Username, request.Id, cancellationToken);
            return Unit.Value;
        }
    }
}
