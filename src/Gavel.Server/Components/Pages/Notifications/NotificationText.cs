namespace Gavel.Server.Components.Pages.Notifications;

/// <summary>How the web app names each notification kind (the API's camelCase names) to people.</summary>
internal static class NotificationText
{
    public static string Kind(string kind) => kind switch
    {
        "outbid" => "You were outbid",
        "leading" => "You are leading",
        "auctionWon" => "You won an auction",
        "auctionLost" => "An auction you bid on ended",
        "endingSoon" => "An auction is ending soon",
        "auctionSold" => "Your item sold",
        "auctionUnsold" => "Your item did not sell",
        "bidOnYourAuction" => "A bid on your item",
        "depositSettled" => "Deposit received",
        "withdrawalCompleted" => "Withdrawal paid out",
        "withdrawalFailed" => "Withdrawal failed",
        "auctionCancelled" => "An auction was cancelled",
        _ => kind,
    };
}
