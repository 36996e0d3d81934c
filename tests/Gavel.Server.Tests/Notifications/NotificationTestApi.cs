using System.Text.Json.Nodes;
using Gavel.Server.Features.Notifications;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Notifications;

internal static class NotificationTestApi
{
    public static async Task<JsonObject> InboxAsync(this TestUser user, string query = "") =>
        await user.Client.GetJsonAsync("/api/notifications" + query);

    public static async Task<List<string>> InboxKindsAsync(this TestUser user) =>
        [.. (await user.InboxAsync("?pageSize=100"))["items"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>())];

    /// <summary>Runs the outbox dispatcher by hand (it is off in tests unless a test turns it on).</summary>
    public static Task<int> DispatchAsync(this GavelApp app) =>
        app.Services.GetRequiredService<NotificationDispatcher>().RunOnceAsync(CancellationToken.None);

    public static string[] Emails(this GavelApp app) =>
        Directory.Exists(app.MailFolder) ? Directory.GetFiles(app.MailFolder, "*.eml") : [];

    public static string[] EmailsTo(this GavelApp app, TestUser user) =>
        [.. app.Emails().Where(f => File.ReadAllText(f).Contains(user.Email, StringComparison.Ordinal))];
}
