using Gavel.Cli;
using Gavel.Cli.Infrastructure;

return await GavelCli.InvokeAsync(args, CliContext.FromProcess());
