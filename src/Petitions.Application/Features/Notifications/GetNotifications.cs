using FluentValidation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Notifications;

/// <summary>GET /api/notifications: the caller's inbox, newest first, with the count of unread notices (the badge).</summary>
public static class GetNotifications
{
    public const int MaxItems = 100;

    [Authorize]
    public sealed record Query : IRequest<NotificationInbox>;

    public sealed class Handler(ICurrentUserAccessor currentUser, INotificationStore store) : IRequestHandler<Query, NotificationInbox>
    {
        public async Task<NotificationInbox> Handle(Query request, CancellationToken cancellationToken)
        {
            var user = await currentUser.GetAsync(cancellationToken) ?? throw new UnauthenticatedException("Sign in to read notifications.");
            var (items, unread) = await store.InboxAsync(user.Username, MaxItems, cancellationToken);
            return new NotificationInbox(unread, items.Select(InboxNotification.Of).ToList());
        }
    }
}

/// <summary>POST /api/notifications/{id}/read: the caller marks one of their notices read (404 for anyone else's).</summary>
public static class MarkNotificationRead
{
    [Authorize]
    public sealed record Command(string Id) : IRequest<MediatR.Unit>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Id).NotEmpty().MaximumLength(64);
    }

    public sealed class Handler(ICurrentUserAccessor currentUser, INotificationStore store, IClock clock) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await currentUser.GetAsync(cancellationToken) ?? throw new UnauthenticatedException("Sign in to read notifications.");
            if (!await store.MarkReadAsync(request.Id, user.Username, clock.UtcNow, cancellationToken))
            {
                throw new NotFoundException($"Notification {request.Id} was not found.");
            }

            return MediatR.Unit.Value;
        }
    }
}

/// <summary>The inbox: how many notices are unread, and the newest ones.</summary>
public sealed record NotificationInbox(int Unread, IReadOnlyList<InboxNotification> Items);

/// <summary>One notice: what (kind), which case, the unit and the deadline; when it came and when it was read.</summary>
public sealed record InboxNotification(string Id, string Kind, string CaseNo, string UnitCode, DateTimeOffset? DueAt, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public static InboxNotification Of(NotificationRecord r) => new(r.Id, r.Kind.ToString(), r.CaseNo, r.UnitCode, r.DueAt, r.CreatedAt, r.ReadAt);
}
