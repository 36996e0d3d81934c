using System.Runtime.Serialization;
using Gavel.Core.Auctions;
using Gavel.Images;
using Gavel.Server.Features.Auctions;
using MessagePack;

namespace Gavel.Server.Features.Live;

/// <summary>What the server calls on a connected client. Public because SignalR implements it at run time.</summary>
/// <remarks>
/// The payloads carry the same camelCase names in both protocols: System.Text.Json names them for JSON, and their
/// <c>DataMember</c> names are MessagePack's map keys (its default would be the C# names, which a JavaScript client
/// would have to spell in PascalCase). In MessagePack, times are timestamps (UTC) and money is a string ("10.5"),
/// exact, as MessagePack has no decimal (docs/LIVE.md, "Message formats").
/// </remarks>
public interface ILiveClient
{
    /// <summary>A followed auction changed: sent after going live, every accepted bid (with any soft-close extension), buy-now, end, settlement and cancellation.</summary>
    Task AuctionUpdated(AuctionUpdate update);

    /// <summary>One of the connected user's own notifications; the same <see cref="NotificationMessage.Id"/> may come twice, drop repeats.</summary>
    Task Notification(NotificationMessage notification);

    /// <summary>
    /// One of the connected seller's own photos was queued (processing) or finished (ready, or failed with its reason),
    /// sent to the seller's user group only, after the change committed. Refetch GET /api/auctions/{id}/images for the URLs.
    /// </summary>
    Task PhotoUpdated(PhotoUpdate update);
}

/// <summary>
/// An auction's state right after a committed change. Each update is a whole snapshot labelled with the auction's
/// sequence, so a client keeps the highest sequence it has seen, drops any update at or below it, and refetches
/// GET /api/auctions/{id} (whose <c>sequence</c> is the same number) when one jumps by more than one.
/// </summary>
[DataContract]
public sealed record AuctionUpdate(
    [property: DataMember(Name = "auctionId")] Guid AuctionId,
    [property: DataMember(Name = "sequence")] long Sequence,
    [property: DataMember(Name = "status")] string Status,
    [property: DataMember(Name = "currentPrice")] decimal CurrentPrice,
    [property: DataMember(Name = "bidCount")] int BidCount,
    [property: DataMember(Name = "leader")] string? Leader,
    [property: DataMember(Name = "endsAt"), MessagePackFormatter(typeof(UtcTimestampFormatter))] DateTimeOffset EndsAt,
    [property: DataMember(Name = "buyNowPrice")] decimal? BuyNowPrice,
    [property: DataMember(Name = "reserveMet")] bool ReserveMet,
    [property: DataMember(Name = "finalPrice")] decimal? FinalPrice,
    [property: DataMember(Name = "at"), MessagePackFormatter(typeof(UtcTimestampFormatter))] DateTimeOffset At)
{
    public static AuctionUpdate From(Auction a, DateTimeOffset now) => new(
        a.Id,
        a.LastSequence,
        AuctionDetails.ToCamel(a.Status.ToString()),
        a.CurrentPrice ?? a.StartingPrice,
        a.BidCount,
        a.LeaderAlias,
        a.EndsAt,
        a.IsBuyNowOffered(now) ? a.BuyNowPrice : null,
        a.ReservePrice is not null && a.ReserveMet,
        a.FinalPrice,
        now);
}

/// <summary>A notification as pushed; <see cref="Data"/> is the same JSON object the inbox returns, as text.</summary>
[DataContract]
public sealed record NotificationMessage(
    [property: DataMember(Name = "id")] Guid Id,
    [property: DataMember(Name = "kind")] string Kind,
    [property: DataMember(Name = "auctionId")] Guid? AuctionId,
    [property: DataMember(Name = "title")] string Title,
    [property: DataMember(Name = "body")] string Body,
    [property: DataMember(Name = "data")] string? Data,
    [property: DataMember(Name = "createdAt"), MessagePackFormatter(typeof(UtcTimestampFormatter))] DateTimeOffset CreatedAt);

/// <summary>
/// A listing photo's status after a committed change: <see cref="Status"/> is processing, ready or failed;
/// <see cref="Tips"/> are the quality tips of a ready photo (empty otherwise), <see cref="FailureReason"/> says why a photo
/// failed, <see cref="Thumbnail"/> is the 320 px JPEG of a ready photo. The same update may come twice: it is idempotent.
/// </summary>
[DataContract]
public sealed record PhotoUpdate(
    [property: DataMember(Name = "auctionId")] Guid AuctionId,
    [property: DataMember(Name = "imageId")] Guid ImageId,
    [property: DataMember(Name = "status")] string Status,
    [property: DataMember(Name = "failureReason")] string? FailureReason,
    [property: DataMember(Name = "tips")] IReadOnlyList<QualityTip> Tips,
    [property: DataMember(Name = "thumbnail")] string? Thumbnail,
    [property: DataMember(Name = "at"), MessagePackFormatter(typeof(UtcTimestampFormatter))] DateTimeOffset At);
