using MediatR;
using Petitions.Application.Features.Lists;

namespace Petitions.Host.Endpoints;

/// <summary>/api/me/saved-filters: the caller's own saved filters of the case list and the queue (常用筛选).</summary>
public static class SavedFilterEndpoints
{
    public static IEndpointRouteBuilder MapSavedFilterEndpoints(this IEndpointRouteBuilder app)
    {
        var filters = app.MapGroup("/api/me/saved-filters").WithTags(ApiTags.SavedFilters);

        filters.MapGet("", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListSavedFilters.Query(), ct)))
            .WithName(nameof(ListSavedFilters))
            .WithSummary("The caller's saved filters, by page (queue | cases) then name.");

        filters.MapPost("", async (SaveFilter.Command body, IMediator m, CancellationToken ct) =>
            {
                var saved = await m.Send(body, ct);
                return TypedResults.Created($"/api/me/saved-filters/{saved.Id}", saved);
            })
            .WithName(nameof(SaveFilter)).Problems(400, 409)
            .WithSummary("Save a page's filter (its query string) under a name; the same name on the same page replaces it. At most 30 per page (409).");

        filters.MapDelete("{id:long}", async (long id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteSavedFilter.Command(id), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(DeleteSavedFilter))
            .WithSummary("Delete one of the caller's saved filters; idempotent: an id that is not the caller's deletes nothing and answers 204 too.");

        return app;
    }
}
