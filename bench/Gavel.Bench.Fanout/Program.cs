using Gavel.Bench.Fanout;

// Fan-out: N SignalR followers on one auction, bids at a fixed rate; how long from each bid's HTTP response until
// every follower has the update. Usage: dotnet run -c Release --project bench/Gavel.Bench.Fanout -- [followers] [bids/s] [seconds] [--Server:Setting=value...]
var followers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var rate = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;

// Anything after the three numbers goes to the server, e.g. --Database:Provider=Postgres --ConnectionStrings:Gavel=...
Console.WriteLine($"load average at the start: {File.ReadAllText("/proc/loadavg").Trim()}");
await using var server = await ChildServer.StartAsync(args.Skip(3));
var result = await FanoutRun.RunAsync(server, followers, rate, seconds);
Console.WriteLine(result.Report(followers, rate, seconds));
