namespace Gavel.Core.Accounts;

public static class AccountRoles
{
    public const string User = "user";
    public const string Admin = "admin";
}
