namespace Gavel.Core.Auctions;

/// <summary>
/// Who may see an auction, for queries (<see cref="Auction.IsPrivate"/> says the same of a loaded one): everyone, once it
/// has been published; only its seller while it is a draft, and for good if it was cancelled as a draft.
/// </summary>
public static class AuctionVisibility
{
    /// <summary>The auctions anyone may see.</summary>
    public static IQueryable<Auction> Public(this IQueryable<Auction> auctions) =>
        auctions.Where(a => a.Status != AuctionStatus.Draft && !a.CancelledWhileDraft);

    /// <summary>The auctions anyone may see, and the viewer's own private ones.</summary>
    public static IQueryable<Auction> VisibleTo(this IQueryable<Auction> auctions, Guid? viewerId) =>
        auctions.Where(a => (a.Status != AuctionStatus.Draft && !a.CancelledWhileDraft) || a.SellerId == viewerId);
}
