using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Gavel.Core.Idempotency;
using Gavel.Core.Notifications;
using Gavel.Core.Images;
using Gavel.Core.Pricing;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gavel.Core.Data;

/// <summary>
/// The one DbContext. Each provider has a subclass only so that EF keeps a migration set per provider
/// (Migrations/Sqlite, Migrations/Postgres); the model is the same.
/// </summary>
public abstract class GavelDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Auction> Auctions => Set<Auction>();

    public DbSet<AuctionTransition> AuctionTransitions => Set<AuctionTransition>();

    public DbSet<Bid> Bids => Set<Bid>();

    public DbSet<WatchlistEntry> Watchlist => Set<WatchlistEntry>();

    public DbSet<UserWallet> Wallets => Set<UserWallet>();

    public DbSet<LedgerTransaction> LedgerTransactions => Set<LedgerTransaction>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Deposit> Deposits => Set<Deposit>();

    public DbSet<Withdrawal> Withdrawals => Set<Withdrawal>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();

    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    public DbSet<NotificationSettings> NotificationSettings => Set<NotificationSettings>();
    public DbSet<AuctionImage> AuctionImages => Set<AuctionImage>();

    public DbSet<ImageFlag> ImageFlags => Set<ImageFlag>();
    public DbSet<ImportedAuction> ImportedAuctions => Set<ImportedAuction>();

    public DbSet<ShillReview> ShillReviews => Set<ShillReview>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Starts the transaction every state change runs in. SQLite has one writer: a process-wide gate
    /// queues writers here instead of spinning on SQLITE_BUSY, and the transaction is BEGIN IMMEDIATE.
    /// PostgreSQL runs writers in parallel and serialises them with row locks, so it ignores the priority.
    /// </summary>
    public abstract Task<WriteTransaction> BeginWriteAsync(WritePriority priority, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, saves and commits. A deadlock or serialization
    /// failure on PostgreSQL is retried from the start with a clean change tracker; a rule breach rolls back.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct) =>
        WriteAsync(WritePriority.Normal, work, ct);

    /// <inheritdoc cref="WriteAsync{T}(Func{CancellationToken, Task{T}}, CancellationToken)"/>
    public Task<T> WriteAsync<T>(WritePriority priority, Func<CancellationToken, Task<T>> work, CancellationToken ct) =>
        WriteAsync(priority, work, verifySucceeded: null, ct);

    /// <summary>
    /// As <see cref="WriteAsync{T}(Func{CancellationToken, Task{T}}, CancellationToken)"/>; when the commit itself throws,
    /// <paramref name="verifySucceeded"/> is asked whether the transaction committed all the same (the connection lost
    /// after the server committed, before its reply arrived). Yes: <paramref name="work"/>'s result is returned, as
    /// after any commit. No: the commit's exception is thrown, as without it. This is EF Core's <c>verifySucceeded</c>
    /// for this method's own transaction, gate and retries (docs/adr/0010-group-committed-bids.md).
    /// </summary>
    public async Task<T> WriteAsync<T>(
        WritePriority priority, Func<CancellationToken, Task<T>> work, Func<T, CancellationToken, Task<bool>>? verifySucceeded, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Entities tracked from an earlier transaction would be returned by the locking queries with their old
            // values (identity resolution) and written back over newer ones: every write starts from the database.
            ChangeTracker.Clear();
            try
            {
                await using var transaction = await BeginWriteAsync(priority, ct);
                var result = await work(ct);
                await SaveChangesAsync(ct);
                try
                {
                    await transaction.CommitAsync(ct);
                }
                catch (Exception) when (verifySucceeded is not null)
                {
                    if (!await verifySucceeded(result, ct))
                    {
                        throw;
                    }
                }

                return result;
            }
            catch (Exception ex) when (attempt < 5 && IsTransient(ex))
            {
                ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
            catch
            {
                ChangeTracker.Clear();
                throw;
            }
        }
    }

    private static bool IsTransient(Exception ex) =>
        (ex as Npgsql.PostgresException ?? ex.InnerException as Npgsql.PostgresException)?.SqlState is "40001" or "40P01";

    /// <summary>Loads the auction, locked against other writers until the transaction ends.</summary>
    public abstract Task<Auction?> LockAuctionAsync(Guid auctionId, CancellationToken ct);

    /// <summary>Loads and locks several auctions, in id order so that two batch writers cannot deadlock.</summary>
    public abstract Task<List<Auction>> LockAuctionsAsync(IReadOnlyCollection<Guid> auctionIds, CancellationToken ct);

    /// <summary>Loads (creating where missing) and locks the wallets, always in id order so two writers cannot deadlock.</summary>
    public async Task<Dictionary<Guid, UserWallet>> LockWalletsAsync(IEnumerable<Guid> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().Order().ToArray();
        var wallets = await QueryWalletsForUpdate(ids).ToDictionaryAsync(w => w.UserId, ct);
        foreach (var id in ids.Where(id => !wallets.ContainsKey(id)))
        {
            var wallet = new UserWallet { UserId = id };
            Wallets.Add(wallet);
            wallets[id] = wallet;
        }

        return wallets;
    }

    public async Task<UserWallet> LockWalletAsync(Guid userId, CancellationToken ct) =>
        (await LockWalletsAsync([userId], ct))[userId];

    protected abstract IQueryable<UserWallet> QueryWalletsForUpdate(Guid[] orderedIds);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GavelDbContext).Assembly);
}

/// <summary>A write transaction plus whatever gate the provider needed to open it.</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, IDisposable? gate) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            gate?.Dispose();
        }
    }
}
