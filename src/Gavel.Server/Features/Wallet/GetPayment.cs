using System.Security.Claims;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Wallet;

/// <summary>
/// GET /api/wallet/deposits/{id} and /withdrawals/{id}: where a deposit's or withdrawal's 201 points, so a client
/// can follow one the provider settles later. Another user's is 403 (API.md).
/// </summary>
internal static class GetPayment
{
    public static async Task<Results<Ok<PaymentReceipt>, NotFound, ForbidHttpResult>> DepositAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var deposit = await db.Deposits.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return deposit is null ? TypedResults.NotFound()
            : deposit.UserId != user.GetUserId() ? TypedResults.Forbid()
            : TypedResults.Ok(await MoveFunds.ReceiptAsync(db, deposit, options.Value, ct));
    }

    public static async Task<Results<Ok<PaymentReceipt>, NotFound, ForbidHttpResult>> WithdrawalAsync(
        Guid id, ClaimsPrincipal user, GavelDbContext db, IOptions<AuctionOptions> options, CancellationToken ct)
    {
        var withdrawal = await db.Withdrawals.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        return withdrawal is null ? TypedResults.NotFound()
            : withdrawal.UserId != user.GetUserId() ? TypedResults.Forbid()
            : TypedResults.Ok(await MoveFunds.ReceiptAsync(db, withdrawal, options.Value, ct));
    }
}
