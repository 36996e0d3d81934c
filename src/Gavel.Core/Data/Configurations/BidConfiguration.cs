using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gavel.Core.Data.Configurations;

internal sealed class BidConfiguration : IEntityTypeConfiguration<Bid>
{
    public void Configure(EntityTypeBuilder<Bid> builder)
    {
        builder.Property(b => b.BidderAlias).HasMaxLength(40);
        builder.HasIndex(b => new { b.AuctionId, b.Sequence }).IsUnique();
        builder.HasIndex(b => new { b.BidderId, b.AuctionId });
        builder.HasOne<Auction>().WithMany().HasForeignKey(b => b.AuctionId);
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.BidderId).OnDelete(DeleteBehavior.Restrict);
    }
}
