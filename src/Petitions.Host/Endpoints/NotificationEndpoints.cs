using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Petitions.Application.Features.Notifications;

namespace Petitions.Host.Endpoints;

/// <summary>/api/notifications: the caller's own inbox (every signed-in user has one; nobody sees another's).</summary>
public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/notifications").WithTags(ApiTags.Notifications);

        notifications.MapGet("", async Task<Ok<NotificationInbox>> (IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetNotifications.Query(), ct)))
            .WithName(nameof(GetNotifications))
            .WithSummary("The caller's notices, newest first (at most 100), and how many are unread.");

        notifications.MapPost("{id}/read", async Task<NoContent> (string id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new MarkNotificationRead.Command(id), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(MarkNotificationRead)).Problems(400, 404)
            .WithSummary("Mark one of the caller's notices read (404 for a notice that is not the caller's).");
        return app;
    }
}
