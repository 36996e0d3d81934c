using System.Net;
using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Tests.Platform;

public sealed class PlatformTests
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesThePublicContract()
    {
        await using var app = await GavelApp.StartAsync();

        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[]
        {
            "/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/me",
            "/api/wallet", "/api/wallet/deposits", "/api/wallet/withdrawals", "/api/wallet/transactions",
            "/api/categories", "/api/auctions", "/api/auctions/{id}", "/api/auctions/{id}/publish", "/api/auctions/{id}/cancel",
            "/api/auctions/{id}/bids", "/api/auctions/{id}/buy-now", "/api/watchlist", "/api/watchlist/{auctionId}", "/api/time",
        })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task TheApiReferencePageAndHealthEndpointsAnswer()
    {
        await using var app = await GavelApp.StartAsync();
        var client = app.Anonymous();

        var reference = await client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task TheServerClockIsServed()
    {
        await using var app = await GavelApp.StartAsync();

        var time = await app.Anonymous().GetJsonAsync("/api/time");

        Assert.Equal(GavelApp.Epoch, time["now"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public void BothMigrationSetsMatchTheModel()
    {
        using var sqlite = new SqliteGavelDbContext(new DbContextOptionsBuilder<SqliteGavelDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgresGavelDbContext(new DbContextOptionsBuilder<PostgresGavelDbContext>().UseNpgsql("Host=localhost").Options);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "The SQLite migrations are behind the model: add a migration to Data/Migrations/Sqlite.");
        Assert.False(postgres.Database.HasPendingModelChanges(), "The PostgreSQL migrations are behind the model: add a migration to Data/Migrations/Postgres.");
    }

    [Fact]
    public void LoadingAnAuctionFillsItsFieldsWithoutRefoldingItsSearchText()
    {
        // The Title and Description setters refold the search text (markup parsed); every bid loads its auction, so
        // loading must write the backing fields, never call those setters.
        using var sqlite = new SqliteGavelDbContext(new DbContextOptionsBuilder<SqliteGavelDbContext>().UseSqlite("Data Source=:memory:").Options);
        var auction = sqlite.Model.FindEntityType(typeof(Auction))!;

        foreach (var name in (string[])[nameof(Auction.Title), nameof(Auction.Description)])
        {
            var property = auction.FindProperty(name)!;
            Assert.NotNull(property.FieldInfo);
            Assert.Equal(PropertyAccessMode.PreferField, property.GetPropertyAccessMode());
        }
    }
}
