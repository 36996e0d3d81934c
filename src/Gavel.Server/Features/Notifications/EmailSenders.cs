using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Gavel.Server.Features.Notifications;

/// <summary>Two ways out: SMTP when a host is configured, otherwise .eml files a newcomer can open.</summary>
internal interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Writes each email to Notifications:PickupDirectory as {notification id}.eml; a repeat overwrites the same file.</summary>
internal sealed class PickupDirectoryEmailSender(IOptions<NotificationOptions> options) : IEmailSender
{
    public string Folder { get; } = Path.GetFullPath(options.Value.PickupDirectory);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var name = (message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0];
        var temporary = Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");
        await message.WriteToAsync(temporary, ct);

        // Written aside and moved into place, so a crash never leaves half an email under the real name.
        File.Move(temporary, Path.Combine(Folder, name + ".eml"), overwrite: true);
    }
}

internal sealed class SmtpEmailSender(IOptions<NotificationOptions> options) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host ?? "localhost", smtp.Port, Enum.Parse<SecureSocketOptions>(smtp.Security, ignoreCase: true), ct);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
