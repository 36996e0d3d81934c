using Gavel.Core.Auctions;
using Gavel.Core.Images;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gavel.Core.Data.Configurations;

internal sealed class AuctionImageConfiguration : IEntityTypeConfiguration<AuctionImage>
{
    public void Configure(EntityTypeBuilder<AuctionImage> builder)
    {
        builder.Property(i => i.OriginalKey).HasMaxLength(200);
        builder.Property(i => i.OriginalFormat).HasMaxLength(10);
        builder.Property(i => i.FailureReason).HasMaxLength(500);
        builder.Property(i => i.VariantsJson).HasMaxLength(4000);
        builder.Property(i => i.QualityJson).HasMaxLength(4000);
        builder.HasIndex(i => new { i.AuctionId, i.Position });
        builder.HasIndex(i => new { i.Status, i.CreatedAt });
        builder.HasIndex(i => i.SellerId);
        builder.HasOne<Auction>().WithMany().HasForeignKey(i => i.AuctionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImageFlagConfiguration : IEntityTypeConfiguration<ImageFlag>
{
    public void Configure(EntityTypeBuilder<ImageFlag> builder)
    {
        builder.HasIndex(f => f.CreatedAt);
        builder.HasIndex(f => new { f.ImageId, f.MatchedImageId }).IsUnique();
        builder.HasOne<AuctionImage>().WithMany().HasForeignKey(f => f.ImageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AuctionImage>().WithMany().HasForeignKey(f => f.MatchedImageId).OnDelete(DeleteBehavior.Cascade);
    }
}
