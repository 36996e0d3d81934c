using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Server.Features.Auctions;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Features.Notifications;

/// <summary>Channels to change for one kind; a channel left out keeps its current setting.</summary>
public sealed record KindPreferenceRequest
{
    [Required]
    public NotificationKind? Kind { get; init; }

    public bool? Inbox { get; init; }

    public bool? Push { get; init; }

    public bool? Email { get; init; }
}

/// <summary>Quiet hours in the user's time zone, "HH:mm"; they may cross midnight (22:00 to 07:00).</summary>
public sealed record QuietHoursRequest
{
    [Required]
    [RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    public string? Start { get; init; }

    [Required]
    [RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    public string? End { get; init; }

    [StringLength(64)]
    public string? TimeZone { get; init; }
}

/// <summary>Changes the listed kinds, and sets quiet hours (null turns them off).</summary>
public sealed record NotificationPreferencesRequest
{
    [MaxLength(50)]
    public IReadOnlyList<KindPreferenceRequest>? Kinds { get; init; }

    public QuietHoursRequest? QuietHours { get; init; }
}

internal sealed record KindPreference(string Kind, bool Inbox, bool Push, bool Email);

internal sealed record QuietHours(string Start, string End, string TimeZone);

internal sealed record NotificationPreferences(IReadOnlyList<KindPreference> Kinds, QuietHours? QuietHours);

internal static class Preferences
{
    public static async Task<Ok<NotificationPreferences>> GetAsync(ClaimsPrincipal user, GavelDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await LoadAsync(db, user.GetUserId(), ct));

    public static async Task<Results<Ok<NotificationPreferences>, ValidationProblem>> PutAsync(
        NotificationPreferencesRequest request, ClaimsPrincipal user, GavelDbContext db, CancellationToken ct)
    {
        var zone = request.QuietHours?.TimeZone ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["quietHours.timeZone"] = [$"'{zone}' is not a known time zone; use an IANA name such as Europe/Paris."],
            });
        }

        var userId = user.GetUserId();
        await db.WriteAsync(async token =>
        {
            var stored = await db.NotificationPreferences.Where(p => p.UserId == userId).ToListAsync(token);
            foreach (var change in request.Kinds ?? [])
            {
                foreach (var (channel, enabled) in new[] { (NotificationChannel.Inbox, change.Inbox), (NotificationChannel.Push, change.Push), (NotificationChannel.Email, change.Email) })
                {
                    if (enabled is not { } value)
                    {
                        continue;
                    }

                    if (stored.Find(p => p.Kind == change.Kind && p.Channel == channel) is { } row)
                    {
                        row.Enabled = value;
                    }
                    else
                    {
                        var added = new NotificationPreference { UserId = userId, Kind = change.Kind!.Value, Channel = channel, Enabled = value };
                        stored.Add(added);
                        db.NotificationPreferences.Add(added);
                    }
                }
            }

            var settings = await db.NotificationSettings.FirstOrDefaultAsync(s => s.UserId == userId, token);
            if (settings is null)
            {
                settings = new NotificationSettings { UserId = userId };
                db.NotificationSettings.Add(settings);
            }

            settings.QuietHoursStart = request.QuietHours is { } quiet ? TimeOnly.ParseExact(quiet.Start!, "HH:mm", CultureInfo.InvariantCulture) : null;
            settings.QuietHoursEnd = request.QuietHours is { } q ? TimeOnly.ParseExact(q.End!, "HH:mm", CultureInfo.InvariantCulture) : null;
            settings.TimeZone = zone;
            return true;
        }, ct);
        return TypedResults.Ok(await LoadAsync(db, userId, ct));
    }

    private static async Task<NotificationPreferences> LoadAsync(GavelDbContext db, Guid userId, CancellationToken ct)
    {
        var stored = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId)
            .ToDictionaryAsync(p => (p.Kind, p.Channel), p => p.Enabled, ct);
        bool Get(NotificationKind kind, NotificationChannel channel) =>
            stored.TryGetValue((kind, channel), out var enabled) ? enabled : NotificationPreference.DefaultFor(kind, channel);
        var kinds = Enum.GetValues<NotificationKind>().Select(k => new KindPreference(
            AuctionDetails.ToCamel(k.ToString()), Get(k, NotificationChannel.Inbox), Get(k, NotificationChannel.Push), Get(k, NotificationChannel.Email))).ToList();
        var settings = await db.NotificationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, ct);
        var quiet = settings is { QuietHoursStart: { } start, QuietHoursEnd: { } end }
            ? new QuietHours(start.ToString("HH:mm", CultureInfo.InvariantCulture), end.ToString("HH:mm", CultureInfo.InvariantCulture), settings.TimeZone)
            : null;
        return new NotificationPreferences(kinds, quiet);
    }
}
