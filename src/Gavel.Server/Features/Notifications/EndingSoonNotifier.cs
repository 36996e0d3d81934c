using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Notifications;

/// <summary>
/// Reminds the watchers and bidders of an auction once it is within Notifications:EndingSoonLead of its end. Each
/// person gets one reminder per auction: the check for an earlier one runs under the auction's row lock, so two
/// nodes cannot both send it.
/// </summary>
internal sealed class EndingSoonNotifier(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<NotificationOptions> options, IOptions<AuctionOptions> auctions)
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
        var now = clock.GetUtcNow();
        var horizon = now + options.Value.EndingSoonLead;
        var due = await db.Auctions
            .Where(a => a.Status == AuctionStatus.Live && a.EndsAt > now && a.EndsAt <= horizon)
            .Where(a => db.Watchlist.Any(w => w.AuctionId == a.Id && w.UserId != a.SellerId && !db.Notifications.Any(
                    n => n.AuctionId == a.Id && n.UserId == w.UserId && n.Kind == NotificationKind.EndingSoon))
                || db.Bids.Any(b => b.AuctionId == a.Id && !db.Notifications.Any(
                    n => n.AuctionId == a.Id && n.UserId == b.BidderId && n.Kind == NotificationKind.EndingSoon)))
            .OrderBy(a => a.EndsAt).Select(a => a.Id).Take(100).ToListAsync(ct);

        var reminded = 0;
        foreach (var id in due)
        {
            reminded += await db.WriteAsync(async token =>
            {
                var auction = await db.LockAuctionAsync(id, token);
                var at = clock.GetUtcNow();
                if (auction is not { Status: AuctionStatus.Live } || auction.EndsAt <= at)
                {
                    return 0;
                }

                var watchers = await db.Watchlist.Where(w => w.AuctionId == id).Select(w => w.UserId).ToListAsync(token);
                var bidders = await db.Bids.Where(b => b.AuctionId == id).Select(b => b.BidderId).Distinct().ToListAsync(token);
                var already = await db.Notifications.Where(n => n.AuctionId == id && n.Kind == NotificationKind.EndingSoon)
                    .Select(n => n.UserId).ToListAsync(token);
                var people = watchers.Union(bidders).Except(already).Where(u => u != auction.SellerId).ToList();
                await AuctionNotifications.EndingSoonAsync(db, auction, people, auctions.Value.Currency, at, token);
                return people.Count;
            }, ct);
        }

        return reminded;
    }
}
