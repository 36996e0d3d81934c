using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Gavel.Bench.Fanout;

/// <summary>The server built beside this tool, run as a child process in Production over a fresh SQLite file.</summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string folder;

    private ChildServer(Process process, Uri address, string folder)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<ChildServer> StartAsync(IEnumerable<string> serverArgs)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var folder = Directory.CreateTempSubdirectory("gavel-bench-").FullName;
        var address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Gavel.Server.dll"),
            $"--urls=http://127.0.0.1:{port}",
            $"--ConnectionStrings:Gavel=Data Source={Path.Combine(folder, "gavel.db")}",
            $"--Auth:SigningKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))}",
            "--Auth:PasswordHashIterations=1000",
            "--Demo:Seed=false",
            "--RateLimits:AuthPermitLimit=100000",
            "--RateLimits:BidPermitLimit=100000",
            $"--Notifications:PickupDirectory={Path.Combine(folder, "mail")}",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(serverArgs))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var server = new ChildServer(process, address, folder) { Http = { BaseAddress = address } };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await server.Http.GetAsync("health/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The server did not start.");
    }

    public async Task<HttpClient> SignUpAsync(string name, decimal deposit)
    {
        var email = $"{name}@bench.gavel";
        const string password = "bench password long enough";
        (await Http.PostAsJsonAsync("api/auth/register", new { email, password, displayName = name })).EnsureSuccessStatusCode();
        var login = await Http.PostAsJsonAsync("api/auth/login", new { email, password });
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (deposit > 0)
        {
            (await client.PostAsJsonAsync("api/wallet/deposits", new { amount = deposit })).EnsureSuccessStatusCode();
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
