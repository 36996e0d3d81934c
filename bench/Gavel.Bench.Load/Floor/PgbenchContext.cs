using Microsoft.EntityFrameworkCore;

namespace Gavel.Bench.Load.Floor;

/// <summary>pgbench's accounts and history tables as EF Core entities, for the floor's `ef` mode.</summary>
internal sealed class PgbenchContext(DbContextOptions<PgbenchContext> options) : DbContext(options)
{
    public DbSet<PgbenchAccount> Accounts => Set<PgbenchAccount>();

    public DbSet<PgbenchHistory> History => Set<PgbenchHistory>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PgbenchAccount>(account =>
        {
            account.ToTable("pgbench_accounts");
            account.HasKey(a => a.Aid);
            account.Property(a => a.Aid).HasColumnName("aid").ValueGeneratedNever();
            account.Property(a => a.Bid).HasColumnName("bid");
            account.Property(a => a.Abalance).HasColumnName("abalance");
            account.Property(a => a.Filler).HasColumnName("filler");
        });

        // pgbench_history has no key; EF needs one in its model to insert, and never checks it against the table.
        modelBuilder.Entity<PgbenchHistory>(history =>
        {
            history.ToTable("pgbench_history");
            history.HasKey(h => new { h.Aid, h.Mtime, h.Tid, h.Bid });
            history.Property(h => h.Tid).HasColumnName("tid");
            history.Property(h => h.Bid).HasColumnName("bid");
            history.Property(h => h.Aid).HasColumnName("aid");
            history.Property(h => h.Delta).HasColumnName("delta");
            history.Property(h => h.Mtime).HasColumnName("mtime").HasColumnType("timestamp without time zone");
            history.Property(h => h.Filler).HasColumnName("filler");
        });
    }
}

internal sealed class PgbenchAccount
{
    public int Aid { get; set; }

    public int Bid { get; set; }

    public int Abalance { get; set; }

    public string? Filler { get; set; }
}

internal sealed class PgbenchHistory
{
    public int Tid { get; set; }

    public int Bid { get; set; }

    public int Aid { get; set; }

    public int Delta { get; set; }

    public DateTime Mtime { get; set; }

    public string? Filler { get; set; }
}
