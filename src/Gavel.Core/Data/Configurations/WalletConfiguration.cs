using Gavel.Core.Accounts;
using Gavel.Core.Idempotency;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gavel.Core.Data.Configurations;

internal sealed class UserWalletConfiguration : IEntityTypeConfiguration<UserWallet>
{
    public void Configure(EntityTypeBuilder<UserWallet> builder)
    {
        builder.HasKey(w => w.UserId);
        builder.HasOne<User>().WithOne().HasForeignKey<UserWallet>(w => w.UserId);
        builder.Ignore(w => w.Balance);
    }
}

internal sealed class LedgerTransactionConfiguration : IEntityTypeConfiguration<LedgerTransaction>
{
    public void Configure(EntityTypeBuilder<LedgerTransaction> builder)
    {
        builder.Property(t => t.Description).HasMaxLength(200);
        builder.Property(t => t.Reference).HasMaxLength(100);
        builder.HasIndex(t => t.AuctionId);
        builder.HasMany(t => t.Entries).WithOne(e => e.Transaction).HasForeignKey(e => e.TransactionId);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.HasIndex(e => new { e.UserId, e.Account });
    }
}

internal sealed class DepositConfiguration : IEntityTypeConfiguration<Deposit>
{
    public void Configure(EntityTypeBuilder<Deposit> builder)
    {
        builder.Property(d => d.ProviderReference).HasMaxLength(100);
        builder.HasIndex(d => d.UserId);
        builder.HasIndex(d => d.ProviderReference);

        // The payment reconciler's look for payments pending too long.
        builder.HasIndex(d => new { d.Status, d.RequestedAt });
    }
}

internal sealed class WithdrawalConfiguration : IEntityTypeConfiguration<Withdrawal>
{
    public void Configure(EntityTypeBuilder<Withdrawal> builder)
    {
        builder.Property(w => w.ProviderReference).HasMaxLength(100);
        builder.Property(w => w.FailureReason).HasMaxLength(200);
        builder.HasIndex(w => w.UserId);

        // The payment reconciler's look for payments pending too long (and any look by status: Status leads).
        builder.HasIndex(w => new { w.Status, w.RequestedAt });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(255);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.Location).HasMaxLength(300);

        // The claim time fences the claim (IdempotencyClaim.StageApplied): a stale claim's update matches no row.
        builder.Property(r => r.CreatedAt).IsConcurrencyToken();
        builder.HasIndex(r => r.CreatedAt);
    }
}
