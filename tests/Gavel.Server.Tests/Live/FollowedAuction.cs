using Gavel.Server.Features.Live;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.Live;

/// <summary>
/// The client rule of docs/LIVE.md, as a client would write it: keep the highest sequence seen, drop any update at or
/// below it, and refetch GET /api/auctions/{id} when an update skips a number (something was missed, e.g. while
/// reconnecting). Every update is a whole snapshot, so applying the newest is always right.
/// </summary>
public sealed class FollowedAuction(Guid auctionId, HttpClient http)
{
    public long Sequence { get; private set; }

    public decimal CurrentPrice { get; private set; }

    public string Status { get; private set; } = "";

    public int Refetches { get; private set; }

    public int Dropped { get; private set; }

    /// <summary>Loads the current state; call it after Follow, so nothing published in between is missed.</summary>
    public async Task RefetchAsync()
    {
        var auction = await http.GetJsonAsync($"/api/auctions/{auctionId}");
        Refetches++;
        Sequence = auction["sequence"]!.GetValue<long>();
        CurrentPrice = auction.Decimal("currentPrice");
        Status = auction["status"]!.GetValue<string>();
    }

    public async Task ApplyAsync(AuctionUpdate update)
    {
        if (update.Sequence <= Sequence)
        {
            Dropped++;
            return;
        }

        if (update.Sequence > Sequence + 1)
        {
            await RefetchAsync();
            if (update.Sequence <= Sequence)
            {
                return;
            }
        }

        (Sequence, CurrentPrice, Status) = (update.Sequence, update.CurrentPrice, update.Status);
    }
}
