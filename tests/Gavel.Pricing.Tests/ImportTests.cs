using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Pricing.Datasets;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Gavel.Pricing.Tests;

public sealed class ImportTests : IDisposable
{
    private static readonly DateTimeOffset EndedBy = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider clock = new(EndedBy.AddDays(1));

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task ImportingTheSameFilesTwiceAddsNothingTheSecondTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await OpenAsync();
        var auctions = Slice(AuctionCsv.Read(SharedData.PathOf(AuctionCsv.FileName)), 25);
        var ebay = EbayCsv.Read(SharedData.PathOf(EbayCsv.FileName)).Take(80).ToList();

        var first = await HistoryImport.ImportAuctionCsvAsync(db, auctions, EndedBy, clock, ct);
        var firstEbay = await HistoryImport.ImportEbayAsync(db, ebay, "USD", EndedBy, clock, ct);
        var counts = await CountsAsync(db);
        var again = await HistoryImport.ImportAuctionCsvAsync(db, auctions, EndedBy, clock, ct);
        var againEbay = await HistoryImport.ImportEbayAsync(db, ebay, "USD", EndedBy, clock, ct);

        Assert.Equal(25, first.Imported);
        Assert.Equal(auctions.Sum(a => a.Bids.Count), first.Bids);
        var importable = ebay.Count(r => r.Currency == "US" && EbayCsv.Categories.ContainsKey(r.Category));
        Assert.InRange(importable, 20, 80);
        Assert.Equal(importable, firstEbay.Imported);
        Assert.Equal(ebay.Count - importable, firstEbay.Skipped.Values.Sum());
        Assert.Equal((0, 25), (again.Imported, again.AlreadyImported));
        Assert.Equal((0, firstEbay.Imported), (againEbay.Imported, againEbay.AlreadyImported));
        Assert.Equal(counts, await CountsAsync(db));

        // Imported history is searchable like any listing: every row is stored with its folded search text.
        Assert.All(
            await db.Auctions.AsNoTracking().Select(a => new { a.Title, a.SearchText }).ToListAsync(ct),
            a => Assert.StartsWith(SearchFolding.Fold(a.Title) + " imported history", a.SearchText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportedHistoryIsSettledMovesNoMoneyAndItsPeopleCannotSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await OpenAsync();
        var auctions = Slice(AuctionCsv.Read(SharedData.PathOf(AuctionCsv.FileName)), 10);

        await HistoryImport.ImportAuctionCsvAsync(db, auctions, EndedBy, clock, ct);

        Assert.Equal(0, await db.LedgerTransactions.CountAsync(ct));
        Assert.Equal(0, await db.Wallets.CountAsync(ct));
        Assert.All(await db.Auctions.ToListAsync(ct), a => Assert.Equal(AuctionStatus.Settled, a.Status));
        var hasher = new PasswordHasher(1000);
        Assert.All(await db.Users.ToListAsync(ct), u =>
        {
            Assert.True(ImportedUsers.IsImported(u), u.Email);
            Assert.True(u.IsSuspended);
            Assert.False(hasher.Verify("gavel-demo-password", u.PasswordHash));
        });

        var sold = await PlatformHistory.LoadSoldAsync(db, ct);
        Assert.Equal(auctions.Select(a => a.Price).Order(), sold.Select(s => s.FinalPrice).Order());
        var first = auctions[0];
        var imported = sold.Single(s => s.Listing.StartingPrice == first.OpenBid && s.FinalPrice == first.Price && s.Bids.Count == first.Bids.Count);
        Assert.Equal(AuctionCsv.Categories[first.Item], imported.Listing.Category);
        Assert.Equal(first.DurationDays, imported.Listing.DurationDays, 6);
        Assert.True(imported.EndedAt <= EndedBy);
    }

    /// <summary>An account that can sign in under an imported address is never handed the imported sales.</summary>
    [Fact]
    public async Task AnImportNeverAdoptsAnAccountThatCanSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await OpenAsync();
        var email = ImportedUsers.Email(Core.Pricing.ImportedAuction.AuctionCsv, "auction.csv seller");
        var squatter = new User
        {
            Email = email, NormalizedEmail = email, DisplayName = "Squatter", PasswordHash = new PasswordHasher(1000).Hash("squatter's password"),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Users.Add(squatter);
        await db.SaveChangesAsync(ct);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() =>
            HistoryImport.ImportAuctionCsvAsync(db, Slice(AuctionCsv.Read(SharedData.PathOf(AuctionCsv.FileName)), 5), EndedBy, clock, ct));

        Assert.Contains(email, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Auctions.CountAsync(ct));
    }

    [Fact]
    public async Task UnsoldEbayRowsNeverBecomeAPriceToLearnFrom()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await OpenAsync();
        var rows = EbayCsv.Read(SharedData.PathOf(EbayCsv.FileName)).Where(r => r.Currency == "US").Take(120).ToList();

        var result = await HistoryImport.ImportEbayAsync(db, rows, "USD", EndedBy, clock, ct);
        var sold = await PlatformHistory.LoadSoldAsync(db, ct);

        var mapped = rows.Where(r => EbayCsv.Categories.ContainsKey(r.Category)).ToList();
        Assert.Equal(mapped.Count, result.Imported);
        Assert.Equal(mapped.Count(r => r.Competitive), sold.Count);
        Assert.All(sold, s => Assert.Empty(s.Bids));
    }

    [Fact]
    public async Task TrainingRefusesTooLittleHistoryAndOtherwiseWritesAVersionWithHeldOutFigures()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await OpenAsync();
        await HistoryImport.ImportAuctionCsvAsync(db, Slice(AuctionCsv.Read(SharedData.PathOf(AuctionCsv.FileName)), 80), EndedBy, clock, ct);
        var store = new ModelStore(Path.Combine(folder.Path, "models"));

        var refused = await PricingTraining.TrainAsync(db, store, new PricingOptions { MinimumTrainingAuctions = 100 }, "USD", clock, null, ct);
        var trained = await PricingTraining.TrainAsync(db, store, new PricingOptions { MinimumTrainingAuctions = 30 }, "USD", clock, null, ct);

        Assert.Contains("Only 80 sold auction(s)", refused.Refusal);
        Assert.Null(refused.Version);
        Assert.Equal(trained.Version, store.NewestVersion());
        var manifest = store.ReadManifest(trained.Version!);
        Assert.Equal(80, manifest.TrainingAuctions + manifest.HoldoutAuctions);
        Assert.Equal(80, manifest.ComparableAuctions);
        Assert.NotNull(manifest.Holdout);
        Assert.Equal(manifest.HoldoutAuctions, manifest.Holdout.Listing.Count);
    }

    /// <summary>Every n-th auction, so the slice has all three items.</summary>
    private static List<AuctionCsvAuction> Slice(IReadOnlyList<AuctionCsvAuction> all, int count) =>
        [.. all.Where((_, i) => i % (all.Count / count) == 0).Take(count)];

    private async Task<GavelDbContext> OpenAsync()
    {
        var options = new DbContextOptionsBuilder<SqliteGavelDbContext>().UseSqlite($"Data Source={Path.Combine(folder.Path, "gavel.db")}").Options;
        var db = new SqliteGavelDbContext(options);
        await GavelDatabase.MigrateAsync(db, TestContext.Current.CancellationToken);
        return db;
    }

    private static async Task<(int Users, int Auctions, int Bids, int Imported)> CountsAsync(GavelDbContext db) =>
        (await db.Users.CountAsync(), await db.Auctions.CountAsync(), await db.Bids.CountAsync(), await db.ImportedAuctions.CountAsync());
}
