namespace Gavel.Core.Auctions;

public sealed partial class Auction
{
    /// <summary>
    /// The title and the description's visible text folded by <see cref="SearchFolding"/>: what search matches. Kept by
    /// the setters of <see cref="Title"/> and <see cref="Description"/>, so no writer can leave it behind. Null only for
    /// a row written before the column existed, until the next migrate fills it (<see cref="AuctionSearchTexts"/>).
    /// </summary>
    public string? SearchText { get; private set; }

    // EF writes loaded values to the backing fields, not through the setters, so loading never recomputes this.
    // In an object initializer the first of the two setters sees the other still null; the second completes it.
    private void RefreshSearchText() => SearchText = SearchFolding.ForAuction(Title, Description);
}
