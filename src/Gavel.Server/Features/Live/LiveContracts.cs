using Gavel.Core.Auctions;
using Gavel.Images;
using Gavel.Server.Features.Auctions;

namespace Gavel.Server.Features.Live;

/// <summary>What the server calls on a connected client. Public because SignalR implements it at run time.</summary>
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
public sealed record AuctionUpdate(
    Guid AuctionId,
    long Sequence,
    string Status,
    decimal CurrentPrice,
    int BidCount,
    string? Leader,
    DateTimeOffset EndsAt,
    decimal? BuyNowPrice,
    bool ReserveMet,
    decimal? FinalPrice,
    DateTimeOffset At)
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
public sealed record NotificationMessage(
    Guid Id, string Kind, Guid? AuctionId, string Title, string Body, string? Data, DateTimeOffset CreatedAt);

/// <summary>
/// A listing photo's status after a committed change: <see cref="Status"/> is processing, ready or failed;
/// <see cref="Tips"/> are the quality tips of a ready photo (empty otherwise), <see cref="FailureReason"/> says why a photo
/// failed, <see cref="Thumbnail"/> is the 320 px JPEG of a ready photo. The same update may come twice: it is idempotent.
/// </summary>
public sealed record PhotoUpdate(
    Guid AuctionId, Guid ImageId, string Status, string? FailureReason, IReadOnlyList<QualityTip> Tips, string? Thumbnail, DateTimeOffset At);
