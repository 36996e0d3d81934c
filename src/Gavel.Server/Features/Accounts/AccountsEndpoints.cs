namespace Gavel.Server.Features.Accounts;

internal static class AccountsEndpoints
{
    public static RouteGroupBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Accounts");
        return group;
    }
}
