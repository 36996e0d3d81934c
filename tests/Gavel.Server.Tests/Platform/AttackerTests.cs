using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gavel.Server.Tests.Platform;

/// <summary>What an ordinary account tries beyond its own things: forged tokens, fields it may not set, other people's secrets.</summary>
public abstract class AttackerTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task ForgedUnsignedAndForeignTokensAreRefused()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();
        var claims = new Dictionary<string, object> { ["sub"] = user.Id.ToString(), ["role"] = "admin", ["name"] = "x" };
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = "gavel", Audience = "gavel", Claims = claims, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(10),
        };
        var handler = new JsonWebTokenHandler();
        var unsigned = handler.CreateToken(descriptor); // alg "none"
        descriptor.SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(48)), SecurityAlgorithms.HmacSha256);
        var otherKey = handler.CreateToken(descriptor);

        // The user's own valid token with its payload swapped for one claiming admin: the signature no longer matches.
        var parts = user.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.Replace("\"sub\"", "\"role\":\"admin\",\"sub\"", StringComparison.Ordinal))}.{parts[2]}";
        var noneHeader = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.";

        foreach (var (what, token) in new[] { ("unsigned", unsigned), ("other key", otherKey), ("tampered", tampered), ("alg none header", noneHeader) })
        {
            var client = app.WithToken(token);
            var me = await client.GetAsync("/api/me");
            Assert.True(me.StatusCode == HttpStatusCode.Unauthorized, $"{what}: /api/me answered {(int)me.StatusCode}");
            var admin = await client.GetAsync("/api/admin/users");
            Assert.True(admin.StatusCode == HttpStatusCode.Unauthorized, $"{what}: /api/admin/users answered {(int)admin.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync("/api/admin/users")).StatusCode);
    }

    /// <summary>Every operation under /api/admin the OpenAPI document names, including ones added later: 401 for a stranger, 403 for a user.</summary>
    [Fact]
    public async Task EveryAdminOperationRefusesAnOrdinaryUserAndChangesNothing()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var user = await app.CreateUserAsync();
        var victim = await app.CreateUserAsync();
        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");
        var categories = await app.WithDbAsync(db => db.Categories.CountAsync());
        var sent = 0;

        foreach (var (path, item) in document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/admin", StringComparison.Ordinal)))
        {
            var target = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", victim.Id.ToString());
            foreach (var (method, _) in item!.AsObject())
            {
                HttpRequestMessage Request() => new(new HttpMethod(method.ToUpperInvariant()), target)
                {
                    Content = method is "get" ? null : JsonContent.Create(new { name = "Hacked", slug = "hacked", parentId = (int?)null }),
                };
                await ProblemAssert.IsProblemAsync(await app.Anonymous().SendAsync(Request()), HttpStatusCode.Unauthorized);
                await ProblemAssert.IsProblemAsync(await user.Client.SendAsync(Request()), HttpStatusCode.Forbidden);
                sent++;
            }
        }

        Assert.True(sent >= 7, $"Only {sent} admin operations were found in the OpenAPI document.");
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == victim.Id).Select(u => u.IsSuspended).SingleAsync()));
        Assert.Equal(categories, await app.WithDbAsync(db => db.Categories.CountAsync()));
    }

    /// <summary>A real server failure (here the table under an endpoint is gone) in Production says nothing of SQL, types or stack.</summary>
    [Fact]
    public async Task AServerErrorInProductionShowsNoSqlTypeOrStack()
    {
        await using var app = await GavelApp.StartAsync(Provider, s => s["environment"] = "Production");
        var user = await app.CreateUserAsync();
        var table = await app.WithDbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Core.Auctions.WatchlistEntry))!.GetTableName()!));
        var drop = "DROP TABLE \"" + table + "\""; // a name from the model, not input
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(drop));

        var response = await user.Client.GetAsync("/api/watchlist");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "server_error");
        problem.Remove("instance"); // the request's own path, which names the feature
        var body = problem.ToJsonString();
        Assert.Equal("Production", app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().EnvironmentName);
        foreach (var secret in new[] { table, "SELECT", "Exception", "Sqlite", "Npgsql", "Gavel.", "Microsoft.", ".cs:line" })
        {
            Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"The 500 shows '{secret}': {body}");
        }
    }

    [Fact]
    public async Task FieldsAClientMayNotSetAreIgnoredOnCreateUpdateAndDeposit()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var victim = await app.CreateUserAsync();
        var categoryId = await app.WithDbAsync(db => db.Categories.Select(c => c.Id).FirstAsync());

        var created = await seller.Client.PostAsJsonAsync("/api/auctions", new
        {
            title = "Over-posted lamp", description = "d", categoryId, startingPrice = 10m, endsAt = app.Clock.GetUtcNow().AddHours(1),
            id = Guid.Empty, sellerId = victim.Id, status = "live", currentPrice = 999m, bidCount = 42, leaderId = victim.Id, finalPrice = 1m,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<Guid>();
        Assert.NotEqual(Guid.Empty, id);

        var patched = await seller.Client.PatchAsJsonAsync($"/api/auctions/{id}", new { title = "Still mine", sellerId = victim.Id, status = "ended", currentPrice = 5m });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var auction = await app.WithDbAsync(db => db.Auctions.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal(seller.Id, auction.SellerId);
        Assert.Equal(Core.Auctions.AuctionStatus.Draft, auction.Status);
        Assert.Null(auction.CurrentPrice);
        Assert.Equal(0, auction.BidCount);
        Assert.Null(auction.LeaderId);
        Assert.Equal("Still mine", auction.Title);

        var deposit = await seller.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = 25m, userId = victim.Id, status = "settled", balance = 1_000_000m });
        Assert.Equal(HttpStatusCode.Created, deposit.StatusCode);
        Assert.Equal(25m, (await seller.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));
        Assert.Equal(0m, (await victim.Client.GetJsonAsync("/api/wallet")).Decimal("balance"));
    }

    /// <summary>The reserve is not met here: once a maximum reaches it the price rises to it by design (ProxyBidding).</summary>
    [Fact]
    public async Task NoPublicAnswerShowsAMaximumAReserveAnEmailOrABiddersId()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var seller = await app.CreateUserAsync();
        var leader = await app.CreateUserAsync(deposit: 1000m);
        var rival = await app.CreateUserAsync(deposit: 1000m);
        var auction = await app.CreateLiveAuctionAsync(seller, startingPrice: 10m, reservePrice: 900m, title: "Brass telescope");
        await leader.Client.PutAsync($"/api/watchlist/{auction}", null);
        await leader.BidAsync(auction, 777m);
        await rival.BidAsync(auction, 40m);

        var secrets = new[] { "777", "900", leader.Id.ToString(), rival.Id.ToString(), leader.Email, rival.Email, seller.Email };
        foreach (var (who, client) in new[] { ("anonymous", app.Anonymous()), ("rival", rival.Client) })
        {
            foreach (var path in new[]
            {
                $"/api/auctions/{auction}", $"/api/auctions/{auction}/bids", "/api/auctions?q=telescope", "/api/auctions?status=all",
                $"/api/auctions/{auction}/forecast", $"/api/auctions/{auction}/images",
            })
            {
                var body = (await client.GetJsonAsync(path)).ToJsonString();
                foreach (var secret in secrets)
                {
                    Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"GET {path} as {who} shows '{secret}': {body}");
                }
            }
        }

        var rivalsOwn = (await rival.Client.GetJsonAsync("/api/me/bids")).ToJsonString();
        Assert.DoesNotContain("777", rivalsOwn, StringComparison.Ordinal);
        var watchlist = (await leader.Client.GetJsonAsync("/api/watchlist")).ToJsonString();
        Assert.DoesNotContain("900", watchlist, StringComparison.Ordinal);
    }
}

public sealed class SqliteAttackerTests : AttackerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAttackerTests : AttackerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
