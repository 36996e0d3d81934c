using System.Text.Json;
using Gavel.Server.Features.Images;

namespace Gavel.Server.Features.Live;

/// <summary>
/// A <see cref="LiveFeed"/> event as it travels between nodes over Redis: the sending node's id (so a node drops its
/// own echo), a type tag, and the event as JSON. A tag this node does not know (a newer node during a rolling
/// deployment) reads as null and is dropped.
/// </summary>
internal sealed record LiveEnvelope(Guid Node, string Type, JsonElement Body)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(Guid node, object message)
    {
        var (type, body) = message switch
        {
            AuctionUpdate update => ("auction", JsonSerializer.SerializeToElement(update, Json)),
            NotificationCommitted committed => ("notification", JsonSerializer.SerializeToElement(committed, Json)),
            NotificationsRead read => ("read", JsonSerializer.SerializeToElement(read, Json)),
            PhotoChanged photo => ("photo", JsonSerializer.SerializeToElement(photo, Json)),
            UserSuspended suspended => ("suspended", JsonSerializer.SerializeToElement(suspended, Json)),
            _ => throw new ArgumentException($"{message.GetType().Name} is not a live feed event.", nameof(message)),
        };
        return JsonSerializer.Serialize(new LiveEnvelope(node, type, body), Json);
    }

    /// <summary>The sender and the event, or null for an unknown type. Throws <see cref="JsonException"/> on malformed JSON.</summary>
    public static (Guid Node, object Message)? Read(string payload)
    {
        var envelope = JsonSerializer.Deserialize<LiveEnvelope>(payload, Json) ?? throw new JsonException("An empty live envelope.");
        object? message = envelope.Type switch
        {
            "auction" => envelope.Body.Deserialize<AuctionUpdate>(Json),
            "notification" => envelope.Body.Deserialize<NotificationCommitted>(Json),
            "read" => envelope.Body.Deserialize<NotificationsRead>(Json),
            "photo" => envelope.Body.Deserialize<PhotoChanged>(Json),
            "suspended" => envelope.Body.Deserialize<UserSuspended>(Json),
            _ => null,
        };
        return message is null ? null : (envelope.Node, message);
    }
}
