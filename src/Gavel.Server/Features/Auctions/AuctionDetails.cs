using Gavel.Core.Auctions;

namespace Gavel.Server.Features.Auctions;

/// <summary>
/// An auction as clients see it. The reserve amount and bidders' identities are never shown: only
/// <see cref="ReserveMet"/> and the leader's per-auction alias. The seller also sees their reserve.
/// </summary>
internal sealed record AuctionDetails(
    Guid Id,
    string Title,
    string Description,
    int CategoryId,
    string Condition,
    Guid SellerId,
    string SellerName,
    string Status,
    string Currency,
    decimal StartingPrice,
    decimal CurrentPrice,
    decimal MinimumNextBid,
    int BidCount,
    int BidderCount,
    string? Leader,
    bool HasReserve,
    bool ReserveMet,
    decimal? ReservePrice,
    decimal? BuyNowPrice,
    DateTimeOffset? StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset ScheduledEndsAt,
    int SoftCloseMinutes,
    long Sequence,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    decimal? FinalPrice,
    ViewerState? You)
{
    public static AuctionDetails From(Auction a, string sellerName, string currency, DateTimeOffset now, Guid? viewerId) => new(
        a.Id,
        a.Title,
        a.Description,
        a.CategoryId,
        ToCamel(a.Condition.ToString()),
        a.SellerId,
        sellerName,
        ToCamel(a.Status.ToString()),
        currency,
        a.StartingPrice,
        a.CurrentPrice ?? a.StartingPrice,
        a.MinimumNextBid,
        a.BidCount,
        a.BidderCount,
        a.LeaderAlias,
        a.ReservePrice is not null,
        a.ReservePrice is not null && a.ReserveMet,
        viewerId == a.SellerId ? a.ReservePrice : null,
        a.IsBuyNowOffered(now) ? a.BuyNowPrice : null,
        a.StartsAt,
        a.EndsAt,
        a.ScheduledEndsAt,
        a.SoftCloseMinutes,
        a.LastSequence,
        a.CreatedAt,
        a.EndedAt,
        a.FinalPrice,
        viewerId is { } viewer ? ViewerState.For(a, viewer) : null);

    public static string ToCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>What the signed-in viewer needs about their own position; their maximum is shown only to them.</summary>
internal sealed record ViewerState(bool IsSeller, bool IsLeading, bool IsWinner, decimal? YourMaxBid)
{
    public static ViewerState For(Auction a, Guid viewer) => new(
        a.SellerId == viewer,
        a.LeaderId == viewer,
        a.WinnerId == viewer,
        a.LeaderId == viewer ? a.LeaderMaxAmount : null);
}
