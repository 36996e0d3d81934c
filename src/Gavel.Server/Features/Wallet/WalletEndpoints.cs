using Gavel.Core.Payments;
using Gavel.Core.Wallet;
using Gavel.Server.Infrastructure;

namespace Gavel.Server.Features.Wallet;

internal static class WalletEndpoints
{
    public static IServiceCollection AddWallet(this IServiceCollection services)
    {
        services.AddOptions<SimulatedPaymentOptions>().BindConfiguration(SimulatedPaymentOptions.Section);
        services.AddSingleton<IPaymentProvider, SimulatedPaymentProvider>();
        services.AddScoped<WalletOperations>();
        return services;
    }

    public static RouteGroupBuilder MapWallet(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/wallet").WithTags("Wallet").RequireAuthorization();
        group.MapGet("/", WalletQueries.GetWalletAsync).WithName("GetWallet");
        group.MapGet("/transactions", WalletQueries.GetTransactionsAsync).WithName("GetWalletTransactions");
        group.MapPost("/deposits", MoveFunds.DepositAsync).WithName("Deposit").WithIdempotency("/api/wallet/transactions");
        group.MapPost("/withdrawals", MoveFunds.WithdrawAsync).WithName("Withdraw").WithIdempotency("/api/wallet/transactions");
        group.MapGet("/deposits/{id:guid}", GetPayment.DepositAsync).WithName("GetDeposit");
        group.MapGet("/withdrawals/{id:guid}", GetPayment.WithdrawalAsync).WithName("GetWithdrawal");
        return group;
    }
}
