using System.CommandLine;
using Gavel.Bench.Load;

var commands = new BenchCommands();
var root = new RootCommand("Gavel load benchmark: bid throughput and latency, closer lateness, the pgbench baseline and the floor under it, against 127.0.0.1 only.")
{
    commands.Bids(),
    commands.Closer(),
    commands.Pgbench(),
    commands.Floor(),
    commands.FloorServe(),
    commands.All(),
};
return await root.Parse(args).InvokeAsync();
