namespace Gavel.Core.Notifications;

/// <summary>A user's choice for one kind on one channel. Only choices that differ from the defaults need a row.</summary>
public sealed class NotificationPreference
{
    public required Guid UserId { get; init; }

    public required NotificationKind Kind { get; init; }

    public required NotificationChannel Channel { get; init; }

    public required bool Enabled { get; set; }

    /// <summary>What a user gets before choosing: everything, except an email for every bid that keeps them leading.</summary>
    public static bool DefaultFor(NotificationKind kind, NotificationChannel channel) =>
        !(channel == NotificationChannel.Email && kind is NotificationKind.Leading or NotificationKind.BidOnYourAuction);
}

/// <summary>Quiet hours hold emails (never the inbox or push) until they end, in the user's own time zone.</summary>
public sealed class NotificationSettings
{
    public required Guid UserId { get; init; }

    public TimeOnly? QuietHoursStart { get; set; }

    public TimeOnly? QuietHoursEnd { get; set; }

    /// <summary>An IANA time zone id, e.g. Europe/Paris.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>When an email due at <paramref name="now"/> may go out: now, or the end of the quiet hours it falls in.</summary>
    public DateTimeOffset EmailAllowedFrom(DateTimeOffset now)
    {
        if (QuietHoursStart is not { } start || QuietHoursEnd is not { } end || start == end)
        {
            return now;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var quiet = start < end ? time >= start && time < end : time >= start || time < end;
        if (!quiet)
        {
            return now;
        }

        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (time >= end)
        {
            endDate = endDate.AddDays(1); // quiet hours that cross midnight end tomorrow
        }

        var localEnd = endDate.ToDateTime(end);
        return new DateTimeOffset(localEnd, zone.GetUtcOffset(localEnd)).ToUniversalTime();
    }
}
