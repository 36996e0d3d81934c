using System.CommandLine;
using Gavel.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace Gavel.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of `gavel` printed and returned.</summary>
internal sealed record GavelRun(int ExitCode, string Output, string Error);

/// <summary>
/// Runs the real command tree in-process with captured consoles and a private environment, so tests never read
/// the machine's GAVEL_ADMIN_PASSWORD or a terminal, and can run in parallel.
/// </summary>
internal static class GavelTool
{
    public static async Task<GavelRun> RunAsync(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<TestConsole>? terminal = null,
        string stdin = "")
    {
        using var output = new TestConsole().Width(1000);
        using var error = new TestConsole().Width(1000);
        terminal?.Invoke(output);
        var parserOutput = new StringWriter();
        var parserError = new StringWriter();
        var context = new CliContext(
            output,
            error,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            TimeProvider.System,
            new StringReader(stdin));

        var exitCode = await GavelCli.InvokeAsync(
            [.. args],
            context,
            new InvocationConfiguration { Output = parserOutput, Error = parserError },
            TestContext.Current.CancellationToken);

        return new GavelRun(exitCode, output.Output + parserOutput, error.Output + parserError);
    }

    public static Task<GavelRun> RunAsync(params string[] args) => RunAsync(args, environment: null);
}
