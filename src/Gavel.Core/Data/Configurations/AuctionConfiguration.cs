using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gavel.Core.Data.Configurations;

internal sealed class AuctionConfiguration : IEntityTypeConfiguration<Auction>
{
    public void Configure(EntityTypeBuilder<Auction> builder)
    {
        builder.Property(a => a.Title).HasMaxLength(120);
        builder.Property(a => a.Description).HasMaxLength(Auction.DescriptionMaxLength);
        builder.Property(a => a.IncrementTableJson).HasMaxLength(2000);
        builder.Property(a => a.LeaderAlias).HasMaxLength(40);
        builder.HasIndex(a => new { a.Status, a.EndsAt });
        builder.HasIndex(a => new { a.Status, a.StartsAt }); // the closer's next start, asked on every pass
        builder.HasIndex(a => a.SellerId);
        builder.HasIndex(a => a.CategoryId);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.SellerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Category>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Transitions).WithOne().HasForeignKey(t => t.AuctionId);
        builder.Ignore(a => a.Increments);
        builder.Ignore(a => a.ReserveMet);
        builder.Ignore(a => a.IsPrivate);
        builder.Ignore(a => a.MinimumNextBid);
    }
}

internal sealed class AuctionTransitionConfiguration : IEntityTypeConfiguration<AuctionTransition>
{
    public void Configure(EntityTypeBuilder<AuctionTransition> builder)
    {
        builder.Property(t => t.Reason).HasMaxLength(200);
        builder.HasIndex(t => t.AuctionId);
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(80);
        builder.Property(c => c.Slug).HasMaxLength(80);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WatchlistEntryConfiguration : IEntityTypeConfiguration<WatchlistEntry>
{
    public void Configure(EntityTypeBuilder<WatchlistEntry> builder)
    {
        builder.HasKey(w => new { w.UserId, w.AuctionId });
        builder.HasOne<User>().WithMany().HasForeignKey(w => w.UserId);
        builder.HasOne<Auction>().WithMany().HasForeignKey(w => w.AuctionId);
    }
}
