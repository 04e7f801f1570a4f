using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Petitions.Application.Features.Notifications;
using Petitions.Contracts.ReadModel;
using Petitions.Infrastructure.ReadModel;

namespace Petitions.Infrastructure.Notifications;

public static class NotificationServices
{
    /// <summary>
    /// The notification store, the senders the settings turn on, the planner and outbox, and the case projection that
    /// notifies (it wraps the read-model projector: call after AddPetitionsInfrastructure).
    /// </summary>
    public static IServiceCollection AddPetitionsNotifications(this IServiceCollection services, NotificationSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<INotificationStore, NotificationStore>();
        if (settings.Log.Enabled) services.AddSingleton<INotificationSender, LogNotificationSender>();
        if (!string.IsNullOrWhiteSpace(settings.Email.SmtpHost)) services.AddSingleton<INotificationSender, EmailNotificationSender>();
        if (!string.IsNullOrWhiteSpace(settings.Sms.Url)) services.AddSingleton<INotificationSender, SmsNotificationSender>();
        services.AddSingleton<NotificationDirectory>();
        services.AddSingleton<NotificationPlanner>();
        services.AddSingleton<NotificationOutbox>();
        // By type, not by factory: a test may wrap the registered projector by creating its type.
        services.AddSingleton<CaseProjector>();
        services.Replace(ServiceDescriptor.Singleton<ICaseProjector, NotifyingCaseProjector>());
        return services;
    }
}
