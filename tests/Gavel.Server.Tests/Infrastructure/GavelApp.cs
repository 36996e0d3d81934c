using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Gavel.Core.Accounts;
using Gavel.Core.Data;
using Gavel.Server.Features.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Gavel.Server.Tests.Infrastructure;

/// <summary>
/// The real server over a fresh database of its own, with a fake clock. One per test: no test sees
/// another's data. Start it with <see cref="StartAsync(DatabaseProvider, Action{Dictionary{string, string}})"/>.
/// </summary>
public sealed class GavelApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Epoch = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase database;
    private readonly Dictionary<string, string?> settings;
    private readonly bool ownsDatabase;
    private readonly string mailFolder = Directory.CreateTempSubdirectory("gavel-mail-").FullName;

    private GavelApp(TestDatabase database, Dictionary<string, string?> settings, bool ownsDatabase = true)
    {
        this.database = database;
        this.settings = settings;
        this.ownsDatabase = ownsDatabase;
    }

    public FakeTimeProvider Clock { get; } = new(Epoch);

    public DatabaseProvider Provider => database.Provider;

    /// <summary>What the server logged at Warning and above.</summary>
    public LogRecorder Logs { get; } = new();

    /// <summary>The settings the server started with (after <c>configure</c>), e.g. to start a second server that accepts the same tokens.</summary>
    public IReadOnlyDictionary<string, string?> Settings => settings;

    /// <summary>Where the server writes emails as .eml files (Notifications:PickupDirectory).</summary>
    public string MailFolder => Path.GetFullPath(settings["Notifications:PickupDirectory"]!);

    /// <summary>Starts a server. <paramref name="configure"/> may change any setting (keys as in appsettings, ':' separated).</summary>
    public static async Task<GavelApp> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, Action<Dictionary<string, string?>>? configure = null) =>
        await StartAsync(await TestDatabase.CreateAsync(provider), ownsDatabase: true, configure);

    /// <summary>
    /// Starts a server on a database the caller owns and disposes, so that servers can use it one after another
    /// (a restart after a crash) or side by side.
    /// </summary>
    public static Task<GavelApp> StartAsync(TestDatabase database, Action<Dictionary<string, string?>>? configure = null) =>
        StartAsync(database, ownsDatabase: false, configure);

    private static async Task<GavelApp> StartAsync(TestDatabase database, bool ownsDatabase, Action<Dictionary<string, string?>>? configure)
    {
        var provider = database.Provider;
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Gavel"] = database.ConnectionString,
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Auth:PasswordHashIterations"] = "1000",
            ["RateLimits:AuthPermitLimit"] = "10000",
            ["RateLimits:BidPermitLimit"] = "10000",
            ["Demo:Seed"] = "false",
            ["Workers:CloserEnabled"] = "false",
            ["Workers:DispatcherEnabled"] = "false",
            ["Workers:EndingSoonEnabled"] = "false",
            ["Workers:PaymentReconcilerEnabled"] = "false",
            ["Images:WorkerEnabled"] = "false",
        };
        var app = new GavelApp(database, settings, ownsDatabase);
        settings["Notifications:PickupDirectory"] = app.mailFolder;
        configure?.Invoke(settings);
        return await Start(app);
    }

    /// <summary>
    /// A second server over the same database, as a second node or a restarted process would be: its own
    /// container, connection pool and workers. The first app keeps ownership of the database.
    /// </summary>
    public static Task<GavelApp> StartOnSameDatabaseAsync(GavelApp other, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = new Dictionary<string, string?>(other.settings);
        configure?.Invoke(settings);
        var app = new GavelApp(other.database, settings, ownsDatabase: false);
        app.Clock.SetUtcNow(other.Clock.GetUtcNow());
        return Start(app);
    }

    private static async Task<GavelApp> Start(GavelApp app)
    {
        try
        {
            _ = app.Server; // builds the host: migrations run now, not inside the first request
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    /// <summary>A client with no token.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client that sends <paramref name="accessToken"/> as a bearer token on every request.</summary>
    public HttpClient WithToken(string accessToken) => CreateDefaultClient(new BearerHandler(accessToken));

    /// <summary>
    /// Creates a user straight in the database (skipping the slow password hash of registration) and returns
    /// a client carrying a real access token issued by the server's own issuer.
    /// </summary>
    public async Task<TestUser> CreateUserAsync(string? name = null, bool admin = false, decimal deposit = 0m)
    {
        name ??= "user-" + Guid.NewGuid().ToString("N")[..8];
        var user = new User
        {
            Email = $"{name}@test.gavel",
            NormalizedEmail = $"{name}@test.gavel",
            DisplayName = name,
            PasswordHash = "unusable",
            IsAdmin = admin,
            CreatedAt = Clock.GetUtcNow(),
        };
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
            db.Users.Add(user);
            db.Wallets.Add(new Core.Wallet.UserWallet { UserId = user.Id });
            await db.SaveChangesAsync();
        }

        var token = Services.GetRequiredService<TokenIssuer>().CreateAccessToken(user).Token;
        var testUser = new TestUser(user.Id, user.Email, WithToken(token)) { AccessToken = token };
        if (deposit > 0)
        {
            var response = await testUser.Client.PostAsJsonAsync("/api/wallet/deposits", new { amount = deposit });
            response.EnsureSuccessStatusCode();
        }

        return testUser;
    }

    /// <summary>Runs <paramref name="work"/> against the database in a scope of its own.</summary>
    public async Task<T> WithDbAsync<T>(Func<GavelDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<GavelDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
        {
            await database.DisposeAsync();
        }

        try
        {
            Directory.Delete(mailFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }

    private sealed class BearerHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed record TestUser(Guid Id, string Email, HttpClient Client)
{
    /// <summary>The bearer token, for a client on another node (<see cref="GavelApp.WithToken"/>).</summary>
    public string AccessToken { get; init; } = "";
}
