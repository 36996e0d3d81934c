using System.Net;
using System.Net.Http.Json;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gavel.Server.Tests.Auctions;

/// <summary>
/// Search matches a folded copy of the title and the description's visible text (SearchFolding), so accents and case
/// are ignored in every alphabet and both databases answer alike: SQLite's lower() knows only ASCII.
/// </summary>
public abstract class AuctionSearchTests
{
    protected abstract DatabaseProvider Provider { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccentsAreIgnoredEitherWay()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var pokemon = await app.CreateLiveAuctionAsync(seller, title: "Pokémon Red cartridge");
        var scarf = await app.CreateLiveAuctionAsync(seller, title: "Silk scarf", description: "<p>Signed Hermès, boxed</p>");
        var ramekins = await app.CreateLiveAuctionAsync(seller, title: "Crème brûlée ramekins");
        var cafe = await app.CreateLiveAuctionAsync(seller, title: "Cafe sign");

        Assert.Equal([pokemon], await SearchAsync(app, "pokemon"));
        Assert.Equal([pokemon], await SearchAsync(app, "POKEMON red"));
        Assert.Equal([scarf], await SearchAsync(app, "hermes"));
        Assert.Equal([ramekins], await SearchAsync(app, "creme brulee"));
        Assert.Equal([cafe], await SearchAsync(app, "café"));
        Assert.Empty(await SearchAsync(app, "pokemon blue"));
    }

    [Fact]
    public async Task CaseIsIgnoredBeyondAscii()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var upper = await app.CreateLiveAuctionAsync(seller, title: "ÉCLAIR mould");
        var lower = await app.CreateLiveAuctionAsync(seller, title: "éclair tin");
        var stein = await app.CreateLiveAuctionAsync(seller, title: "Beer stein", description: "From MÜNCHEN, 1950s");

        Assert.Equal([upper], await SearchAsync(app, "éclair mould"));
        Assert.Equal([lower], await SearchAsync(app, "ÉCLAIR tin"));
        Assert.Equal([.. new[] { lower, upper }.Order()], (await SearchAsync(app, "Éclair")).Order());
        Assert.Equal([stein], await SearchAsync(app, "münchen"));
    }

    [Fact]
    public async Task WildcardsThatFoldingMakesAreStillMatchedLiterally()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var sale = await app.CreateLiveAuctionAsync(seller, title: "Poster: 100% off_road");
        await app.CreateLiveAuctionAsync(seller, title: "Plain lamp");

        // Full-width ％ and ＿ fold to % and _, which must stay literal characters, not LIKE wildcards that match the lamp.
        Assert.Equal([sale], await SearchAsync(app, "１００％"));
        Assert.Equal([sale], await SearchAsync(app, "off＿road"));
        Assert.Equal([sale], await SearchAsync(app, "％"));
        Assert.Equal([sale], await SearchAsync(app, "＿"));
        Assert.Empty(await SearchAsync(app, "p\\"));
    }

    [Fact]
    public async Task TheDescriptionsMarkupIsNotMatchedOnlyTheTextItShows()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var set = await app.CreateLiveAuctionAsync(seller, title: "Chess set", description: "<p>A <strong>boxed</strong> set</p><ul><li>Salt &amp; pepper board</li></ul>");

        Assert.Equal([set], await SearchAsync(app, "boxed"));
        Assert.Equal([set], await SearchAsync(app, "salt & pepper"));
        Assert.Equal([set], await SearchAsync(app, "set board")); // words split by blocks are still words
        Assert.Empty(await SearchAsync(app, "strong"));
        Assert.Empty(await SearchAsync(app, "li"));
        Assert.Empty(await SearchAsync(app, "amp"));
    }

    [Fact]
    public async Task AnEditedListingIsFoundByItsNewWordsAndNoLongerByItsOld()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var id = await app.CreateLiveAuctionAsync(seller, title: "Pokémon Blue cartridge", description: "<p>Loose</p>");

        var response = await seller.Client.PatchAsJsonAsync($"/api/auctions/{id}", new { title = "Crème brûlée torch", description = "<p>Barely <em>used</em> Señor Chef</p>" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([id], await SearchAsync(app, "creme torch"));
        Assert.Equal([id], await SearchAsync(app, "senor"));
        Assert.Empty(await SearchAsync(app, "pokemon"));
        Assert.Empty(await SearchAsync(app, "loose"));
    }

    [Fact]
    public async Task AListingWrittenBeforeTheSearchColumnIsFoundOnceTheDatabaseIsMigrated()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var id = await app.CreateLiveAuctionAsync(seller, title: "Pokémon Yellow", description: "<p>With its <strong>box</strong></p>");

        // Back to the schema before the column, and up again without the backfill: the row has what the migration left.
        await app.WithDbAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_AuctionSearchText", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before, Ct);
            await db.Database.MigrateAsync(Ct);
            return 0;
        });
        Assert.Null(await app.WithDbAsync(db => db.Auctions.Where(a => a.Id == id).Select(a => a.SearchText).SingleAsync(Ct)));
        Assert.Empty(await SearchAsync(app, "pokemon"));

        await app.WithDbAsync(async db =>
        {
            await GavelDatabase.MigrateAsync(db, Ct);
            return 0;
        });
        Assert.Equal([id], await SearchAsync(app, "pokemon yellow box"));
        Assert.Empty(await SearchAsync(app, "strong"));

        // Filling again finds nothing left to do.
        Assert.Equal(0, await app.WithDbAsync(db => AuctionSearchTexts.FillMissingAsync(db, Ct)));
    }

    private static async Task<List<Guid>> SearchAsync(GavelApp app, string q) =>
        [.. (await app.Anonymous().GetJsonAsync($"/api/auctions?q={Uri.EscapeDataString(q)}"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>())];
}

public sealed class SqliteAuctionSearchTests : AuctionSearchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAuctionSearchTests : AuctionSearchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
