using Gavel.Core.Auctions;
using Gavel.Core.Notifications;
using Gavel.Core.Images;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Data;

/// <summary>Enums are stored by name so the database reads plainly and reordering an enum cannot corrupt it.</summary>
internal static class EnumsAsStrings
{
    public static void Apply(ModelConfigurationBuilder builder)
    {
        builder.Properties<AuctionStatus>().HaveConversion<string>().HaveMaxLength(20);
        builder.Properties<ItemCondition>().HaveConversion<string>().HaveMaxLength(20);
        builder.Properties<LedgerKind>().HaveConversion<string>().HaveMaxLength(30);
        builder.Properties<LedgerAccount>().HaveConversion<string>().HaveMaxLength(30);
        builder.Properties<PaymentStatus>().HaveConversion<string>().HaveMaxLength(20);
        builder.Properties<NotificationKind>().HaveConversion<string>().HaveMaxLength(30);
        builder.Properties<NotificationChannel>().HaveConversion<string>().HaveMaxLength(10);
        builder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(10);
        builder.Properties<ImageStatus>().HaveConversion<string>().HaveMaxLength(20);
    }
}
