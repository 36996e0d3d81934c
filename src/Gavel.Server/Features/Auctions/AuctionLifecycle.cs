using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Core.Notifications;
using Gavel.Core.Wallet;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Auctions;

public sealed record CancelAuctionRequest(string? Reason);

internal static class AuctionLifecycle
{
    public static async Task<Results<Ok<AuctionDetails>, NotFound, ForbidHttpResult>> PublishAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var found = await db.WriteAsync<bool?>(async token =>
        {
            var auction = await db.LockAuctionAsync(id, token);
            if (auction is null || (auction.IsPrivate && auction.SellerId != userId))
            {
                return null;
            }

            if (auction.SellerId != userId)
            {
                return false;
            }

            auction.Publish(userId, clock.GetUtcNow(), options.Value.MinimumDuration);
            return true;
        }, ct);

        return found switch
        {
            null => TypedResults.NotFound(),
            false => TypedResults.Forbid(),
            true => TypedResults.Ok(await GetAuction.LoadAsync(db, id, userId, options.Value, clock, ct)),
        };
    }

    /// <summary>The seller may cancel before any bid; an admin may cancel at any time before the end, releasing every hold.</summary>
    public static async Task<Results<Ok<AuctionDetails>, NotFound, ForbidHttpResult>> CancelAsync(
        Guid id, CancelAuctionRequest? request, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var isAdmin = user.IsAdmin();
        var found = await db.WriteAsync<bool?>(async token =>
        {
            var auction = await db.LockAuctionAsync(id, token);
            if (auction is null || (auction.IsPrivate && auction.SellerId != userId && !isAdmin))
            {
                return null;
            }

            if (auction.SellerId != userId && !isAdmin)
            {
                return false;
            }

            var now = clock.GetUtcNow();
            if (auction.Cancel(userId, isAdmin, now, request?.Reason?.Trim() is { Length: > 0 and <= 200 } reason ? reason : null) is { } hold)
            {
                var wallet = await db.LockWalletAsync(hold.LeaderId, token);
                Ledger.Release(db, wallet, hold.Held, now, auction.Id, "Auction cancelled: hold released");
            }

            await AuctionNotifications.CancelledAsync(db, auction, userId, now, token);

            return true;
        }, ct);

        return found switch
        {
            null => TypedResults.NotFound(),
            false => TypedResults.Forbid(),
            true => TypedResults.Ok(await GetAuction.LoadAsync(db, id, userId, options.Value, clock, ct)),
        };
    }
}
