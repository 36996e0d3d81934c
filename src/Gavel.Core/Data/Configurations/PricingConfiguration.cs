using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Gavel.Core.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gavel.Core.Data.Configurations;

internal sealed class ImportedAuctionConfiguration : IEntityTypeConfiguration<ImportedAuction>
{
    public void Configure(EntityTypeBuilder<ImportedAuction> builder)
    {
        builder.Property(i => i.Source).HasMaxLength(40);
        builder.Property(i => i.ExternalId).HasMaxLength(64);
        builder.HasIndex(i => new { i.Source, i.ExternalId }).IsUnique();
        builder.HasIndex(i => i.AuctionId).IsUnique();
        builder.HasOne<Auction>().WithMany().HasForeignKey(i => i.AuctionId);
    }
}

internal sealed class ShillReviewConfiguration : IEntityTypeConfiguration<ShillReview>
{
    public void Configure(EntityTypeBuilder<ShillReview> builder)
    {
        builder.Property(r => r.Reasons).HasMaxLength(2000);
        builder.Property(r => r.Features).HasMaxLength(400);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.AuctionId, r.BidderId }).IsUnique();
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasOne<Auction>().WithMany().HasForeignKey(r => r.AuctionId);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.BidderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.SellerId).OnDelete(DeleteBehavior.Restrict);
    }
}
