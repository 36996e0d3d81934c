using System.CommandLine;
using System.Net;
using Gavel.Bench.Load.Closer;
using Gavel.Bench.Load.Floor;
using Gavel.Bench.Load.Hosting;
using Gavel.Bench.Load.Load;

namespace Gavel.Bench.Load;

/// <summary>The commands and their options. Every run writes results.json and results.md to --out.</summary>
internal sealed class BenchCommands
{
    private readonly Option<Provider> provider = new("--provider") { Description = "Database of the server this tool starts: sqlite (fresh temp file) or postgres (fresh database, dropped after).", DefaultValueFactory = _ => Provider.Sqlite };
    private readonly Option<string?> url = new("--url") { Description = "Target a running server on 127.0.0.1 instead of starting one (it needs raised rate limits)." };
    private readonly Option<string?> serverDll = new("--server-dll") { Description = "Start this Gavel.Server.dll (for example a ReadyToRun publish) instead of the Release build; implies --no-build." };
    private readonly Option<bool> noBuild = new("--no-build") { Description = "Use the existing Release build of src/Gavel.Server." };
    private readonly Option<string?> output = new("--out") { Description = "Results folder (default bench/results/<UTC time>)." };
    private readonly Option<int> clients = new("--clients") { Description = "Concurrent clients (and pgbench -c).", DefaultValueFactory = _ => 16 };
    private readonly Option<int?> bidders = new("--bidders") { Description = "Bidder accounts (default: one per client)." };
    private readonly Option<int> warmup = new("--warmup") { Description = "Warm-up seconds, not measured (the server JIT-compiles for about a minute after start under load; shorter warm-ups measure that too).", DefaultValueFactory = _ => 60 };
    private readonly Option<int> duration = new("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 30 };
    private readonly Option<long> maxRequests = new("--max-requests") { Description = "Upper bound on bid requests in one run.", DefaultValueFactory = _ => 5_000_000 };
    private readonly Option<bool> idempotencyKeys = new("--idempotency-keys") { Description = "Send a fresh Idempotency-Key header with every bid (two more writes per bid on the server)." };
    private readonly Option<int?> extraIncrements = new("--extra-increments") { Description = "Each bid offers the known minimum plus 0..N increments at random (default: 2, or the client count on the hot auction)." };
    private readonly Option<Scenario> scenario = new("--scenario") { Description = "hot (1 auction) or spread (100 auctions).", DefaultValueFactory = _ => Scenario.Spread };
    private readonly Option<int> auctions = new("--auctions") { Description = "Auctions ending inside the window.", DefaultValueFactory = _ => 200 };
    private readonly Option<int> window = new("--window") { Description = "Seconds over which the auctions end.", DefaultValueFactory = _ => 20 };
    private readonly Option<int> lead = new("--lead") { Description = "Seconds from set-up start to the first end (set-up, then any bid load, run in it).", DefaultValueFactory = _ => 30 };
    private readonly Option<int> loadClients = new("--load-clients") { Description = "Clients bidding on 100 other auctions meanwhile (0: the closer alone).", DefaultValueFactory = _ => 0 };
    private readonly Option<int> pgbenchSeconds = new("--pgbench-seconds") { Description = "pgbench -T.", DefaultValueFactory = _ => 30 };
    private readonly Option<int> scale = new("--scale") { Description = "pgbench -i -s.", DefaultValueFactory = _ => 10 };
    private readonly Option<string> pgHost = new("--pg-host") { Description = "Local PostgreSQL host.", DefaultValueFactory = _ => "127.0.0.1" };
    private readonly Option<int> pgPort = new("--pg-port") { DefaultValueFactory = _ => 5432 };
    private readonly Option<string> pgUser = new("--pg-user") { DefaultValueFactory = _ => "gavel" };
    private readonly Option<string> pgPassword = new("--pg-password") { DefaultValueFactory = _ => "gavel" };
    private readonly Option<string?> pgOptions = new("--pg-options") { Description = "Npgsql keywords appended to the server's connection string, e.g. \"Max Auto Prepare=20\"." };
    private readonly Option<FloorMode[]> floorModes = new("--modes") { Description = "Floor modes to run, in order: http (no database), sql (pgbench -N's transaction per request, one round trip), ef (the same through EF Core, as Gavel writes), grouped (group commit), efgrouped (group commit through EF Core).", DefaultValueFactory = _ => [FloorMode.Http, FloorMode.Sql, FloorMode.Ef, FloorMode.Grouped, FloorMode.EfGrouped], AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> floorWarmup = new("--warmup") { Description = "Warm-up seconds per mode, not measured (the floor server is small and compiles within seconds).", DefaultValueFactory = _ => 20 };
    private readonly Option<int> writers = new("--writers") { Description = "Group-commit writers (connections) in the grouped mode.", DefaultValueFactory = _ => 2 };
    private readonly Option<FloorMode> serveMode = new("--mode") { Required = true };
    private readonly Option<int> servePort = new("--port") { Required = true };
    private readonly Option<string?> serveConnection = new("--connection");
    private readonly Option<string[]> serverSettings = new("--server-setting") { Description = "Extra server setting Key=Value (repeatable), e.g. Auctions:CloserInterval=00:00:00.100.", AllowMultipleArgumentsPerToken = false };

    public Command Bids()
    {
        var command = new Command("bids", "One bid scenario: C clients placing valid bids on 1 (hot) or 100 (spread) auctions.");
        AddCommon(command, withProvider: true);
        command.Options.Add(scenario);
        AddLoad(command);
        SetAction(command, async (parse, report, folder, ct) =>
        {
            await BuildUnlessAsync(parse, ct);
            report.Bids.Add(await BidScenario.RunAsync(BidOptions(parse, parse.GetValue(scenario), Target(parse, parse.GetValue(provider))), folder, ct));
        });
        return command;
    }

    public Command Closer()
    {
        var command = new Command("closer", "Closer lateness: auctions ending within one window, then endedAt - endsAt from the API.");
        AddCommon(command, withProvider: true);
        command.Options.Add(auctions);
        command.Options.Add(window);
        command.Options.Add(lead);
        command.Options.Add(loadClients);
        SetAction(command, async (parse, report, folder, ct) =>
        {
            await BuildUnlessAsync(parse, ct);
            report.Closer.Add(await CloserScenario.RunAsync(CloserOptions(parse, Target(parse, parse.GetValue(provider)), parse.GetValue(loadClients)), folder, ct));
        });
        return command;
    }

    public Command Pgbench()
    {
        var command = new Command("pgbench", "pgbench -N -c C -j 2 on a fresh scale-10 database (bench/run-pgbench.sh).");
        command.Options.Add(output);
        command.Options.Add(clients);
        AddPgbench(command);
        SetAction(command, async (parse, report, folder, ct) =>
            report.Pgbench = await Baseline.Pgbench.RunAsync(parse.GetValue(clients), parse.GetValue(pgbenchSeconds), parse.GetValue(scale), Postgres(parse), folder, ct));
        return command;
    }

    public Command Floor()
    {
        var command = new Command(
            "floor",
            "The least any bid endpoint could cost here: ASP.NET Core + JWT + JSON with no database, with pgbench -N's own transaction per request, and with it group-committed; pgbench -N before and after.");
        command.Options.Add(output);
        command.Options.Add(clients);
        command.Options.Add(floorWarmup);
        command.Options.Add(duration);
        command.Options.Add(floorModes);
        command.Options.Add(writers);
        AddPgbench(command);
        SetAction(command, async (parse, report, folder, ct) =>
        {
            var postgres = Postgres(parse);
            await report.TryAsync("pgbench before", async () =>
                report.Pgbench = await Baseline.Pgbench.RunAsync(parse.GetValue(clients), parse.GetValue(pgbenchSeconds), parse.GetValue(scale), postgres, folder, ct));
            await using (var database = await PgbenchDatabase.CreateAsync(postgres, parse.GetValue(scale), ct))
            {
                foreach (var mode in parse.GetValue(floorModes) ?? [])
                {
                    var options = new FloorOptions(
                        mode, parse.GetValue(clients), parse.GetValue(writers), parse.GetValue(scale),
                        TimeSpan.FromSeconds(parse.GetValue(floorWarmup)), TimeSpan.FromSeconds(parse.GetValue(duration)), postgres);
                    await report.TryAsync($"floor {mode}", async () => report.Floor.Add(await FloorScenario.RunAsync(options, database.Name, folder, ct)));
                    await report.SaveAsync(folder, ct);
                }
            }

            await report.TryAsync("pgbench after", async () =>
                report.PgbenchAfter = await Baseline.Pgbench.RunAsync(parse.GetValue(clients), parse.GetValue(pgbenchSeconds), parse.GetValue(scale), postgres, folder, ct));
        });
        return command;
    }

    /// <summary>The floor command's server, started by it as a child process; not for use by hand.</summary>
    public Command FloorServe()
    {
        var command = new Command("floor-serve", "Internal: the floor command's minimal server.") { Hidden = true };
        command.Options.Add(serveMode);
        command.Options.Add(servePort);
        command.Options.Add(serveConnection);
        command.Options.Add(writers);
        command.SetAction((parse, ct) => FloorServer.RunAsync(parse.GetValue(serveMode), parse.GetValue(servePort), parse.GetValue(serveConnection), parse.GetValue(writers), ct));
        return command;
    }

    public Command All()
    {
        var command = new Command("all", "Everything for docs/BENCHMARKS.md: hot and spread on SQLite and PostgreSQL, pgbench -N at the same client count, closer lateness alone and under load.");
        command.Options.Add(noBuild);
        command.Options.Add(output);
        AddLoad(command);
        command.Options.Add(auctions);
        command.Options.Add(window);
        command.Options.Add(lead);
        AddPgbench(command);
        command.Options.Add(pgOptions);
        command.Options.Add(serverSettings);
        SetAction(command, async (parse, report, folder, ct) =>
        {
            await BuildUnlessAsync(parse, ct);
            foreach (var db in new[] { Provider.Sqlite, Provider.Postgres })
            {
                foreach (var kind in new[] { Scenario.Hot, Scenario.Spread })
                {
                    await report.TryAsync($"bids {kind} {db}", async () => report.Bids.Add(await BidScenario.RunAsync(BidOptions(parse, kind, Target(parse, db)), folder, ct)));
                    await report.SaveAsync(folder, ct);
                }
            }

            // Right after the PostgreSQL bid runs, so the ratio compares one session's figures.
            await report.TryAsync("pgbench", async () =>
                report.Pgbench = await Baseline.Pgbench.RunAsync(parse.GetValue(clients), parse.GetValue(pgbenchSeconds), parse.GetValue(scale), Postgres(parse), folder, ct));
            await report.SaveAsync(folder, ct);
            foreach (var load in new[] { 0, parse.GetValue(clients) })
            {
                foreach (var db in new[] { Provider.Sqlite, Provider.Postgres })
                {
                    await report.TryAsync($"closer {db} load {load}", async () => report.Closer.Add(await CloserScenario.RunAsync(CloserOptions(parse, Target(parse, db), load), folder, ct)));
                    await report.SaveAsync(folder, ct);
                }
            }
        });
        return command;
    }

    private void AddCommon(Command command, bool withProvider)
    {
        if (withProvider)
        {
            command.Options.Add(provider);
        }

        command.Options.Add(url);
        command.Options.Add(serverDll);
        command.Options.Add(noBuild);
        command.Options.Add(output);
        command.Options.Add(pgHost);
        command.Options.Add(pgPort);
        command.Options.Add(pgUser);
        command.Options.Add(pgPassword);
        command.Options.Add(pgOptions);
        command.Options.Add(serverSettings);
    }

    private void AddLoad(Command command)
    {
        command.Options.Add(clients);
        command.Options.Add(bidders);
        command.Options.Add(warmup);
        command.Options.Add(duration);
        command.Options.Add(maxRequests);
        command.Options.Add(idempotencyKeys);
        command.Options.Add(extraIncrements);
    }

    private void AddPgbench(Command command)
    {
        command.Options.Add(pgbenchSeconds);
        command.Options.Add(scale);
        if (!command.Options.Contains(pgHost))
        {
            command.Options.Add(pgHost);
            command.Options.Add(pgPort);
            command.Options.Add(pgUser);
            command.Options.Add(pgPassword);
        }
    }

    private BidScenarioOptions BidOptions(ParseResult parse, Scenario kind, TargetOptions target) => new(
        kind,
        target,
        parse.GetValue(clients),
        parse.GetValue(bidders) ?? parse.GetValue(clients),
        TimeSpan.FromSeconds(parse.GetValue(warmup)),
        TimeSpan.FromSeconds(parse.GetValue(duration)),
        parse.GetValue(maxRequests),
        parse.GetValue(idempotencyKeys),
        parse.GetValue(extraIncrements) ?? (kind == Scenario.Hot ? parse.GetValue(clients) : 2));

    private CloserOptions CloserOptions(ParseResult parse, TargetOptions target, int load) => new(
        target,
        parse.GetValue(auctions),
        TimeSpan.FromSeconds(parse.GetValue(window)),
        TimeSpan.FromSeconds(parse.GetValue(lead)),
        10,
        load);

    private TargetOptions Target(ParseResult parse, Provider db)
    {
        Uri? target = null;
        if (parse.GetValue(url) is { } text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out target) || target.Scheme is not ("http" or "https"))
            {
                throw new BenchException($"--url must be an absolute http(s) URL; '{text}' is not.");
            }

            if (!(target.IsLoopback || (IPAddress.TryParse(target.Host, out var ip) && IPAddress.IsLoopback(ip))))
            {
                throw new BenchException($"--url must be a loopback address (127.0.0.1, localhost, [::1]); {target.Host} is not.");
            }
        }

        var extra = new Dictionary<string, string>();
        foreach (var setting in parse.CommandResult.Command.Options.Contains(serverSettings) ? parse.GetValue(serverSettings) ?? [] : [])
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new BenchException($"--server-setting takes Key=Value; '{setting}' is not.");
            }

            extra[setting[..equals]] = setting[(equals + 1)..];
        }

        var dll = parse.CommandResult.Command.Options.Contains(serverDll) ? parse.GetValue(serverDll) : null;
        return new TargetOptions(db, target, Postgres(parse), extra, dll is null ? null : Path.GetFullPath(dll));
    }

    private PostgresServer Postgres(ParseResult parse) =>
        new(parse.GetValue(pgHost)!, parse.GetValue(pgPort), parse.GetValue(pgUser)!, parse.GetValue(pgPassword)!,
            parse.CommandResult.Command.Options.Contains(pgOptions) ? parse.GetValue(pgOptions) : null);

    private async Task BuildUnlessAsync(ParseResult parse, CancellationToken ct)
    {
        var dll = parse.CommandResult.Command.Options.Contains(serverDll) ? parse.GetValue(serverDll) : null;
        if (!parse.GetValue(noBuild) && parse.GetValue(url) is null && dll is null)
        {
            await ServerProcess.BuildAsync(ct);
        }
    }

    private void SetAction(Command command, Func<ParseResult, Report, string, CancellationToken, Task> action) =>
        command.SetAction(async (parse, ct) =>
        {
            var report = new Report();
            var folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(RepoPaths.Root, "bench", "results", $"{report.StartedAt:yyyyMMdd-HHmmss}"));
            Directory.CreateDirectory(folder);
            try
            {
                await action(parse, report, folder, ct);
                await report.SaveAsync(folder, ct);
                return report.Failures.Count == 0 ? 0 : 1;
            }
            catch (BenchException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                if (report.Bids.Count + report.Closer.Count + report.Floor.Count > 0 || report.Pgbench is not null)
                {
                    await report.SaveAsync(folder, CancellationToken.None);
                }

                return 1;
            }
        });
}
