using Gavel.Cli.Infrastructure;
using Spectre.Console;

namespace Gavel.Cli.Commands.Users;

/// <summary>Where a new admin's password comes from: --password, else GAVEL_ADMIN_PASSWORD, else a hidden prompt.</summary>
internal static class AdminPassword
{
    public const string Variable = "GAVEL_ADMIN_PASSWORD";
    public const int MinimumLength = 12;

    /// <summary>The password given without asking, checked at once so a bad one fails before any database work.</summary>
    public static string? FromArgumentOrEnvironment(string? argument, CliContext context)
    {
        var given = argument ?? (context.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        if (given is not null && given.Length < MinimumLength)
        {
            throw new CliException($"The password is {given.Length} characters long; it needs at least {MinimumLength}.");
        }

        return given;
    }

    public static async Task<string> PromptAsync(CliContext context, CancellationToken ct)
    {
        // A script or CI job has no one to answer: fail with the ways to pass a password instead of hanging.
        if (!context.Out.Profile.Capabilities.Interactive)
        {
            throw new CliException($"No password given: pass --password, set {Variable}, or run in a terminal to be prompted.");
        }

        var first = await new TextPrompt<string>("New admin password:")
            .Secret()
            .Validate(p => p.Length >= MinimumLength, $"[red]At least {MinimumLength} characters, please.[/]")
            .ShowAsync(context.Out, ct);
        var again = await new TextPrompt<string>("Repeat the password:").Secret().ShowAsync(context.Out, ct);
        return first == again ? first : throw new CliException("The passwords did not match; nothing was created.");
    }
}
