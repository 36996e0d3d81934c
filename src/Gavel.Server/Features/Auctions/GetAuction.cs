using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Auctions;

internal static class GetAuction
{
    public static async Task<Results<Ok<AuctionDetails>, NotFound>> HandleAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, TimeProvider clock, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var viewerId = user.Identity?.IsAuthenticated == true ? user.GetUserId() : (Guid?)null;
        var row = await db.Auctions.AsNoTracking()
            .Where(a => a.Id == id)
            .Join(db.Users, a => a.SellerId, u => u.Id, (a, u) => new { Auction = a, Seller = u.DisplayName })
            .FirstOrDefaultAsync(ct);

        // A draft is the seller's private work: to anyone else it does not exist.
        if (row is null || (row.Auction.IsPrivate && row.Auction.SellerId != viewerId && !user.IsAdmin()))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(AuctionDetails.From(row.Auction, row.Seller, options.Value.Currency, clock.GetUtcNow(), viewerId));
    }

    /// <summary>Reloads an auction for a response after a change.</summary>
    public static async Task<AuctionDetails> LoadAsync(GavelDbContext db, Guid id, Guid viewerId, AuctionOptions options, TimeProvider clock, CancellationToken ct)
    {
        var row = await db.Auctions.AsNoTracking()
            .Where(a => a.Id == id)
            .Join(db.Users, a => a.SellerId, u => u.Id, (a, u) => new { Auction = a, Seller = u.DisplayName })
            .FirstAsync(ct);
        return AuctionDetails.From(row.Auction, row.Seller, options.Currency, clock.GetUtcNow(), viewerId);
    }
}
