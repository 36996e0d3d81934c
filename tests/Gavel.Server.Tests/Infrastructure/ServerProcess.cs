using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Gavel.Server.Tests.Infrastructure;

/// <summary>
/// The built server (Gavel.Server.dll) run as a child process on a loopback port, as in production: its own clock,
/// its own closer and dispatcher. Used where one test process cannot stand for several nodes.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>What the server printed, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts a node and waits until /health/ready answers (migrations done).</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gavel.Server.dll"));
        start.ArgumentList.Add($"--urls={address.ToString().TrimEnd('/')}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var node = new ServerProcess(Process.Start(start)!, address);
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !node.process.HasExited)
        {
            try
            {
                if ((await node.Http.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        var log = node.Output;
        await node.DisposeAsync();
        throw new InvalidOperationException($"The server on {address} did not become ready:\n{log}");
    }

    /// <summary>Registers and signs in a user through the API; returns a client with the token and the token.</summary>
    public async Task<(HttpClient Client, string Token)> SignUpAsync(string name, decimal deposit = 0m)
    {
        var email = $"{name}-{Guid.NewGuid():N}@test.gavel";
        const string password = "correct horse battery staple";
        (await Http.PostAsJsonAsync("api/auth/register", new { email, password, displayName = name })).EnsureSuccessStatusCode();
        var login = await Http.PostAsJsonAsync("api/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (deposit > 0)
        {
            (await client.PostAsJsonAsync("api/wallet/deposits", new { amount = deposit })).EnsureSuccessStatusCode();
        }

        return (client, token);
    }

    /// <summary>A client of the same user on this node (tokens are valid on every node that shares the signing key).</summary>
    public HttpClient ClientFor(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
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
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
