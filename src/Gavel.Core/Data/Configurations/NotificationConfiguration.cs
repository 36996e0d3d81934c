using Gavel.Core.Accounts;
using Gavel.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gavel.Core.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(1000);
        builder.Property(n => n.Data).HasMaxLength(2000);
        builder.HasIndex(n => new { n.UserId, n.CreatedAt });
        builder.HasIndex(n => new { n.AuctionId, n.Kind });
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.UserId);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.Property(d => d.CollapseKey).HasMaxLength(100);
        builder.Property(d => d.Outcome).HasMaxLength(300);
        builder.HasIndex(d => new { d.Status, d.DueAt });
        builder.HasIndex(d => new { d.UserId, d.CollapseKey });
        builder.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.HasKey(p => new { p.UserId, p.Kind, p.Channel });
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId);
    }
}

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<NotificationSettings>
{
    public void Configure(EntityTypeBuilder<NotificationSettings> builder)
    {
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.HasOne<User>().WithOne().HasForeignKey<NotificationSettings>(s => s.UserId);
    }
}
