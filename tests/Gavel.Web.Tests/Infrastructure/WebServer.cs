using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gavel.Web.Tests.Infrastructure;

/// <summary>
/// The real server on a loopback Kestrel port (a browser cannot reach TestServer) over a fresh SQLite
/// database of its own, with the real clock: the browser and the auction closer share it.
/// </summary>
public sealed class WebServer : WebApplicationFactory<Program>
{
    private readonly string directory;
    private readonly Dictionary<string, string?> settings;

    private WebServer(string directory, Dictionary<string, string?> settings)
    {
        this.directory = directory;
        this.settings = settings;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static WebServer Start(Action<Dictionary<string, string?>>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "gavel-web-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Gavel"] = $"Data Source={Path.Combine(directory, "gavel.db")}",
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Auth:PasswordHashIterations"] = "1000",
            ["RateLimits:AuthPermitLimit"] = "10000",
            ["RateLimits:BidPermitLimit"] = "10000",
            ["Demo:Seed"] = "false",
            ["Workers:CloserEnabled"] = "false",
            ["Images:StoragePath"] = Path.Combine(directory, "images"),
        };
        configure?.Invoke(settings);
        var server = new WebServer(directory, settings);
        server.UseKestrel(0);
        server.StartServer();
        server.BaseAddress = server.ClientOptions.BaseAddress;
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves the framework's static web assets (blazor.web.js) from the build output.
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
