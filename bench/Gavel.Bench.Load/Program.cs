using System.CommandLine;
using Gavel.Bench.Load;

var commands = new BenchCommands();
var root = new RootCommand("Gavel load benchmark: bid throughput and latency, closer lateness, and the pgbench baseline, against 127.0.0.1 only.")
{
    commands.Bids(),
    commands.Closer(),
    commands.Pgbench(),
    commands.All(),
};
return await root.Parse(args).InvokeAsync();
