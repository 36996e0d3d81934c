using Gavel.Server.Features.Live;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Notifications;

internal static class NotificationsEndpoints
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<AfterCommitPublisher>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<AfterCommitPublisher>());
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<EndingSoonNotifier>();
        services.AddScoped<PushDelivery>();
        services.AddScoped<EmailDelivery>();
        services.AddSingleton<IEmailSender>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Smtp.Host)
            ? ActivatorUtilities.CreateInstance<PickupDirectoryEmailSender>(sp)
            : ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp));
        services.AddHostedService<NotificationDispatcherService>();
        services.AddHostedService<EndingSoonService>();
        return services;
    }

    public static RouteGroupBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", Inbox.ListAsync).WithName("GetNotifications");
        group.MapPost("/{id:guid}/read", Inbox.MarkReadAsync).WithName("MarkNotificationRead");
        group.MapPost("/read-all", Inbox.MarkAllReadAsync).WithName("MarkAllNotificationsRead");
        group.MapGet("/preferences", Preferences.GetAsync).WithName("GetNotificationPreferences");
        group.MapPut("/preferences", Preferences.PutAsync).WithName("PutNotificationPreferences");
        return group;
    }
}
