using System.ComponentModel.DataAnnotations;

namespace Gavel.Server.Features.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Where emails are written as .eml files while no SMTP host is configured.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "data/mail";

    [Required]
    public string From { get; set; } = "Gavel <notifications@gavel.local>";

    /// <summary>The address people open the site at, for links in emails.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>How often the dispatcher looks for due deliveries besides being woken by a commit (other nodes' work, retries).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claimed delivery belongs to one dispatcher; after that another node may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Outbid emails for one auction wait this long, and only the latest one in the window is sent.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan OutbidEmailCollapseWindow { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits this long, each next one twice as long (at most an hour).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long before an auction ends its watchers and bidders are reminded.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan EndingSoonLead { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan EndingSoonInterval { get; set; } = TimeSpan.FromSeconds(30);

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    /// <summary>Unset: emails go to <see cref="NotificationOptions.PickupDirectory"/> instead.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>MailKit's SecureSocketOptions: Auto, None, StartTls, StartTlsWhenAvailable, SslOnConnect.</summary>
    public string Security { get; set; } = "Auto";

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
