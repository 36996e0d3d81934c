using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Gavel.Cli.Infrastructure;

internal static class CliActions
{
    public const int Success = 0;
    public const int Failure = 1;

    /// <summary>
    /// Sets the command's action, which gets the configuration built from every source. A
    /// <see cref="CliException"/> becomes a one-line error on stderr and exit code 1; any other exception is
    /// a bug and keeps System.CommandLine's default report with the stack trace.
    /// </summary>
    public static void SetCliAction(
        this Command command,
        CliContext context,
        CliConfiguration configuration,
        Func<ParseResult, IConfiguration, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, ct) =>
        {
            try
            {
                return await action(parseResult, configuration.Build(parseResult, context), ct);
            }
            catch (CliException ex)
            {
                context.Error.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return Failure;
            }
        });
    }
}
