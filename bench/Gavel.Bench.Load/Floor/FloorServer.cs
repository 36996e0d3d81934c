using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Gavel.Bench.Load.Floor;

/// <summary>
/// The floor: the least any bid endpoint on this stack could do per request. ASP.NET Core with JWT bearer
/// authentication validated as Gavel validates it (HS256, issuer, audience, lifetime), a JSON body bound to a
/// record, a 201 with a JSON body, and per <see cref="FloorMode"/> either no database work, pgbench -N's
/// transaction, or pgbench -N's statements group-committed. No EF Core, no rules, no ledger: a real bid does
/// strictly more, so its throughput here is an upper bound for Gavel's bid path on the same machine.
/// </summary>
internal static class FloorServer
{
    public const string Issuer = "gavel-floor";
    public const string KeyVariable = "GAVEL_FLOOR_KEY";

    public static async Task<int> RunAsync(FloorMode mode, int port, string? connectionString, int writers, CancellationToken ct)
    {
        var key = Environment.GetEnvironmentVariable(KeyVariable) ?? throw new BenchException($"{KeyVariable} is not set.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Issuer,
                IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(key)),
                NameClaimType = "sub",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        builder.Services.AddAuthorization();

        await using var dataSource = mode == FloorMode.Http ? null : new NpgsqlDataSourceBuilder(connectionString).Build();
        var work = dataSource is null || mode == FloorMode.Ef ? null : new PgbenchWork(dataSource, mode, writers);
        if (mode == FloorMode.Ef)
        {
            builder.Services.AddDbContext<PgbenchContext>(db => db.UseNpgsql(dataSource!));
        }

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/health/ready", () => TypedResults.Ok());
        app.MapPost("/floor", async (FloorRequest request, HttpContext http, CancellationToken token) =>
        {
            if (request.Aid <= 0 || request.Delta is < -5000 or > 5000)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "aid must be positive and delta within 5000.");
            }

            var balance = mode == FloorMode.Ef
                ? await EfAsync(http.RequestServices.GetRequiredService<PgbenchContext>(), request, token)
                : work is null ? 0 : await work.RunAsync(request, token);
            return Results.Json(new FloorReceipt(request.Aid, balance), statusCode: StatusCodes.Status201Created);
        }).RequireAuthorization();

        using (work)
        {
            await app.RunAsync(ct);
        }

        return 0;
    }

    private static async Task<int> EfAsync(PgbenchContext db, FloorRequest request, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var account = await db.Accounts.FromSql($"SELECT * FROM pgbench_accounts WHERE aid = {request.Aid} FOR UPDATE").SingleAsync(ct);
        account.Abalance += request.Delta;
        db.History.Add(new PgbenchHistory
        {
            Tid = request.Tid,
            Bid = request.Bid,
            Aid = request.Aid,
            Delta = request.Delta,
            Mtime = DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return account.Abalance;
    }
}

internal sealed record FloorRequest(int Aid, int Tid, int Bid, int Delta);

internal sealed record FloorReceipt(int Aid, int Balance);

/// <summary>pgbench -N's transaction (tpcb-like without the branch and teller updates), per request or grouped.</summary>
internal sealed class PgbenchWork : IDisposable
{
    private const string Update = "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2";
    private const string Select = "SELECT abalance FROM pgbench_accounts WHERE aid = $1";
    private const string Insert = "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)";
    private const int MaxBatch = 64;

    private readonly NpgsqlDataSource dataSource;
    private readonly DbContextOptions<PgbenchContext>? efOptions;
    private readonly Channel<(FloorRequest Request, TaskCompletionSource<int> Done)>? queue;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] loops = [];

    public PgbenchWork(NpgsqlDataSource dataSource, FloorMode mode, int writers)
    {
        this.dataSource = dataSource;
        if (mode == FloorMode.EfGrouped)
        {
            efOptions = new DbContextOptionsBuilder<PgbenchContext>().UseNpgsql(dataSource).Options;
        }

        if (mode is FloorMode.Grouped or FloorMode.EfGrouped)
        {
            queue = Channel.CreateUnbounded<(FloorRequest, TaskCompletionSource<int>)>();
            loops = Enumerable.Range(0, writers).Select(_ => Task.Run(() => WriteLoopAsync(stop.Token))).ToArray();
        }
    }

    public async Task<int> RunAsync(FloorRequest request, CancellationToken ct)
    {
        if (queue is null)
        {
            return (await ExecuteAsync([request], ct))[0];
        }

        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await queue.Writer.WriteAsync((request, done), ct);
        return await done.Task;
    }

    public void Dispose()
    {
        queue?.Writer.TryComplete();
        stop.Cancel();
        Task.WaitAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)).ToArray());
        stop.Dispose();
    }

    /// <summary>Takes every request waiting (up to 64) and commits them in one transaction, in account order so that two writers never deadlock.</summary>
    private async Task WriteLoopAsync(CancellationToken ct)
    {
        var batch = new List<(FloorRequest Request, TaskCompletionSource<int> Done)>(MaxBatch);
        while (await queue!.Reader.WaitToReadAsync(ct))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            batch.Sort((a, b) => a.Request.Aid.CompareTo(b.Request.Aid));
            try
            {
                var requests = batch.Select(b => b.Request).ToList();
                var balances = efOptions is null ? await ExecuteAsync(requests, ct) : await ExecuteEfAsync(requests, ct);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(balances[i]);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or DbUpdateException)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    /// <summary>One DbContext and transaction for the batch: one locking read of every account, one SaveChanges, one commit.</summary>
    private async Task<int[]> ExecuteEfAsync(IReadOnlyList<FloorRequest> requests, CancellationToken ct)
    {
        await using var db = new PgbenchContext(efOptions!);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var aids = requests.Select(r => r.Aid).Distinct().Order().ToArray();
        var accounts = await db.Accounts.FromSql($"SELECT * FROM pgbench_accounts WHERE aid = ANY({aids}) ORDER BY aid FOR UPDATE").ToDictionaryAsync(a => a.Aid, ct);
        var now = DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified);
        var balances = new int[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            var account = accounts[r.Aid];
            account.Abalance += r.Delta;
            balances[i] = account.Abalance;

            // A tick apart, so two history rows of one batch never share the key EF's model gives the table.
            db.History.Add(new PgbenchHistory { Tid = r.Tid, Bid = r.Bid, Aid = r.Aid, Delta = r.Delta, Mtime = now.AddTicks(i) });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return balances;
    }

    /// <summary>BEGIN, each request's UPDATE, SELECT and INSERT, COMMIT: one batch, one round trip.</summary>
    private async Task<int[]> ExecuteAsync(IReadOnlyList<FloorRequest> requests, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var r in requests)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Update) { Parameters = { new() { Value = r.Delta }, new() { Value = r.Aid } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Select) { Parameters = { new() { Value = r.Aid } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Insert) { Parameters = { new() { Value = r.Tid }, new() { Value = r.Bid }, new() { Value = r.Aid }, new() { Value = r.Delta } } });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        var balances = new int[requests.Count];
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var i = 0; i < balances.Length; i++)
        {
            // Only the SELECTs return rows; the reader skips the statements that return none.
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidOperationException($"No balance for account {requests[i].Aid}.");
            }

            balances[i] = reader.GetInt32(0);
            await reader.NextResultAsync(ct);
        }

        return balances;
    }
}
