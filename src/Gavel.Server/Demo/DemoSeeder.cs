using System.Security.Claims;
using Gavel.Core.Accounts;
using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Gavel.Core.Data;
using Gavel.Core.Wallet;
using Gavel.Images;
using Gavel.Images.Storage;
using Gavel.Server.Features.Images;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Everyone can read this password (README, source): a demo seeded with it has an admin anyone can sign in as.</summary>
    public const string PublicPassword = "gavel-demo-password";

    /// <summary>
    /// Seed demo data into an empty database at start-up. On by default in Development so a newcomer has something to
    /// click; off elsewhere, where the demo's admin account would be a way in for anyone who read the README.
    /// </summary>
    public bool Seed { get; set; }

    public string Password { get; set; } = PublicPassword;
}

/// <summary>
/// Fills an empty database with a small, believable marketplace: sellers, buyers with funded wallets, live
/// auctions ending at staggered times and some ended ones. Everything goes through the same domain code and
/// ledger as real traffic, so the demo's money balances like real money.
/// </summary>
internal sealed class DemoSeeder(
    GavelDbContext db,
    PasswordHasher hasher,
    TimeProvider clock,
    IOptions<DemoOptions> demo,
    IOptions<AuctionOptions> auctions,
    IImageStorage storage,
    ImageQueueSignal photoQueue,
    IOptions<ImagesOptions> images,
    ILoggerFactory loggers,
    ILogger<DemoSeeder> logger)
{
    private static readonly (string Name, string Email, bool Admin, decimal Deposit)[] People =
    [
        ("Ada's Antiques", "ada@demo.gavel", false, 0m),
        ("Sam Sells Tech", "sam@demo.gavel", false, 0m),
        ("Alice", "alice@demo.gavel", false, 6000m),
        ("Bob", "bob@demo.gavel", false, 6000m),
        ("Carol", "carol@demo.gavel", false, 4000m),
        ("Admin", "admin@demo.gavel", true, 0m),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (!demo.Value.Seed || await db.Users.AnyAsync(ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var users = await CreatePeopleAsync(now, ct);
        var sellers = users.Take(2).ToArray();
        var buyers = users.Skip(2).Take(3).ToArray();
        var categories = await db.Categories.ToDictionaryAsync(c => c.Slug, c => c.Id, ct);
        var random = new Random(20261125);
        var photos = RenderPhotos();

        for (var i = 0; i < DemoCatalog.Items.Length; i++)
        {
            var item = DemoCatalog.Items[i];
            var seller = sellers[i % sellers.Length];
            var ended = i % 4 == 3;
            var start = ended ? now - TimeSpan.FromDays(8 - (i % 3)) : now - TimeSpan.FromHours(1 + i);
            var end = ended ? now - TimeSpan.FromDays(1 + (i % 3)) : now + LiveEnd(i);
            await SeedAuctionAsync(item, seller, buyers, categories[item.CategorySlug], start, end, ended, photos[i], random, ct);
        }

        // Sold history for the price estimates (Features/Pricing): a first model is trained from it at start-up.
        var started = clock.GetTimestamp();
        await DemoHistory.SeedAsync(db, auctions.Value, sellers, categories, now, random, ct);
        logger.LogInformation("Demo sales history created: {Count} sold auctions in {Seconds:0.0} s", DemoCatalog.Items.Length * DemoHistory.AuctionsPerItem, clock.GetElapsedTime(started).TotalSeconds);

        logger.LogInformation(
            "Demo data created. Sign in as alice@demo.gavel, bob@demo.gavel or carol@demo.gavel (buyers), ada@demo.gavel or sam@demo.gavel (sellers), admin@demo.gavel (admin); password for all: {Password}",
            demo.Value.Password);
    }

    /// <summary>Live auctions end from a few minutes to a few days out, so some close while a newcomer watches.</summary>
    private static TimeSpan LiveEnd(int i) => i switch
    {
        0 => TimeSpan.FromMinutes(5),
        1 => TimeSpan.FromMinutes(12),
        2 => TimeSpan.FromMinutes(30),
        _ => TimeSpan.FromHours(1.5 * i),
    };

    private async Task<Guid[]> CreatePeopleAsync(DateTimeOffset now, CancellationToken ct)
    {
        var hash = hasher.Hash(demo.Value.Password);
        return await db.WriteAsync(async token =>
        {
            var ids = new List<Guid>();
            foreach (var (name, email, admin, deposit) in People)
            {
                var user = new User { Email = email, NormalizedEmail = email, DisplayName = name, PasswordHash = hash, IsAdmin = admin, CreatedAt = now };
                var wallet = new UserWallet { UserId = user.Id };
                db.Users.Add(user);
                db.Wallets.Add(wallet);
                await db.SaveChangesAsync(token);
                if (deposit > 0)
                {
                    Ledger.Deposit(db, wallet, deposit, now, "demo-funding");
                }

                ids.Add(user.Id);
            }

            return ids.ToArray();
        }, ct);
    }

    /// <summary>
    /// Draws every listing's photos up front, in parallel (about 60 ms each). A machine whose libvips cannot draw them
    /// still gets the rest of the demo, without photos.
    /// </summary>
    private byte[][][] RenderPhotos()
    {
        var started = clock.GetTimestamp();
        var photos = new byte[DemoCatalog.Items.Length][][];
        try
        {
            Parallel.For(0, photos.Length, i => photos[i] =
                [.. Enumerable.Range(0, DemoPhotos.ShotsFor(i)).Select(shot => DemoPhotos.Render(DemoCatalog.Items[i].Title, i, shot))]);
        }
        catch (Exception ex) when (ex is NetVips.VipsException or TypeInitializationException or DllNotFoundException or AggregateException)
        {
            logger.LogWarning(ex, "Could not draw the demo photos; the demo listings have none");
            return [.. photos.Select(_ => Array.Empty<byte[]>())];
        }

        logger.LogInformation("Demo photos drawn: {Count} in {Seconds:0.0} s; the photo worker processes them after start-up", photos.Sum(p => p.Length), clock.GetElapsedTime(started).TotalSeconds);
        return photos;
    }

    /// <summary>Uploads the photos as the seller would, through the upload's own rules; the worker processes them like any upload.</summary>
    private async Task UploadPhotosAsync(Guid auctionId, Guid sellerId, string title, byte[][] photos, CancellationToken ct)
    {
        if (photos.Length == 0)
        {
            return;
        }

        var seller = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", sellerId.ToString())], "demo"));
        var slug = new string([.. title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        var files = photos.Select((bytes, shot) => new PhotoFile($"{slug[..Math.Min(slug.Length, 40)]}-{shot + 1}.jpg", bytes.LongLength, () => new MemoryStream(bytes))).ToList();
        var result = await UploadImages.UploadAsync(auctionId, files, seller, db, storage, photoQueue, clock, images.Value, loggers, ct);
        if (result.Result is not Microsoft.AspNetCore.Http.HttpResults.Accepted<Core.Common.Paged<ImageResponse>>)
        {
            logger.LogWarning("The demo photos of {Title} were refused: {Result}", title, result.Result);
        }
    }

    private async Task SeedAuctionAsync(
        DemoItem item, Guid sellerId, Guid[] buyers, int categoryId, DateTimeOffset start, DateTimeOffset end, bool ended, byte[][] photos, Random random, CancellationToken ct)
    {
        var at = new DemoClock(start);
        var auction = new Auction
        {
            SellerId = sellerId,
            Title = item.Title,
            Description = item.Description,
            CategoryId = categoryId,
            Condition = item.Condition,
            StartingPrice = item.StartingPrice,
            ReservePrice = item.Reserve,
            BuyNowPrice = item.BuyNow,
            StartsAt = start,
            EndsAt = end,
            ScheduledEndsAt = end,
            MaxExtensionMinutes = auctions.Value.MaxExtensionMinutes,
            CreatedAt = start,
        };
        auction.Publish(sellerId, start, TimeSpan.Zero);
        await db.WriteAsync(_ =>
        {
            db.Auctions.Add(auction);
            return Task.FromResult(true);
        }, ct);
        await UploadPhotosAsync(auction.Id, sellerId, item.Title, photos, ct);

        // A few bidders take turns raising towards what the item is worth, spread over the auction's life so far.
        var lastBid = ended ? end : clock.GetUtcNow();
        var rounds = random.Next(ended ? 3 : 0, 7);
        for (var round = 0; round < rounds; round++)
        {
            at.Now = start + ((lastBid - start) * (round + 1) / (rounds + 1));
            var bidder = buyers[random.Next(buyers.Length)];
            var max = decimal.Round(item.StartingPrice + ((item.Worth - item.StartingPrice) * (decimal)(0.3 + (0.8 * random.NextDouble()))), 0);
            try
            {
                await BidPlacement.PlaceAsync(db, auction.Id, bidder, max, auctions.Value.Currency, at, ct);
            }
            catch (Core.Common.GavelRuleException)
            {
                // Too low against the current price, or the leader lowering their own maximum: a real bidder would get the same 409.
            }
        }

        if (ended)
        {
            at.Now = end;
            await AuctionSettlement.CloseAsync(db, auction.Id, at, ct);
            await AuctionSettlement.SettleAsync(db, auction.Id, auctions.Value, at, ct);
        }
    }

    /// <summary>Lets the seeder place history at the times it happened, through the same code as live traffic.</summary>
    private sealed class DemoClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

internal static class DemoSetup
{
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>()
            .Configure<IHostEnvironment>((demo, environment) => demo.Seed = environment.IsDevelopment()) // before the binding: configuration wins
            .BindConfiguration(DemoOptions.Section)
            .Validate<IHostEnvironment>(
                (demo, environment) => !demo.Seed || environment.IsDevelopment() || demo.Password != DemoOptions.PublicPassword,
                "Demo:Seed is on outside Development with the published Demo:Password, which would give anyone the demo admin account. "
                + "Set Demo:Password to a secret of your own, or Demo:Seed=false.")
            .ValidateOnStart();
        return services.AddScoped<DemoSeeder>();
    }
}
