using Spectre.Console;

namespace Gavel.Cli.Infrastructure;

/// <summary>
/// What the commands take from the process: consoles, standard input, environment variables and the clock. Tests pass
/// their own so every command runs in-process without touching the real terminal or environment.
/// </summary>
internal sealed record CliContext(IAnsiConsole Out, IAnsiConsole Error, Func<string, string?> GetEnvironmentVariable, TimeProvider Clock, TextReader Input)
{
    public static CliContext FromProcess() => new(
        CreateConsole(Console.Out, Console.IsOutputRedirected),
        CreateConsole(Console.Error, Console.IsErrorRedirected),
        Environment.GetEnvironmentVariable,
        TimeProvider.System,
        Console.In);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            // Prompts need a person at a keyboard: with stdin redirected (CI, a pipe) prompting must fail, not hang.
            Interactive = Console.IsInputRedirected ? InteractionSupport.No : InteractionSupport.Yes,
        });

        if (redirected)
        {
            // Spectre wraps at 80 columns when it cannot see a terminal; a log file should get whole lines.
            console.Profile.Width = 1000;
        }

        return console;
    }
}
