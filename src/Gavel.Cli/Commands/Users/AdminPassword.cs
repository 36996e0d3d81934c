using Gavel.Cli.Infrastructure;
using Gavel.Core.Accounts;
using Spectre.Console;

namespace Gavel.Cli.Commands.Users;

/// <summary>
/// Where a new admin's password comes from: --password, --password-stdin or GAVEL_ADMIN_PASSWORD, else a hidden
/// prompt. Checked against the same <see cref="AccountRules"/> as registration, so the admin can always sign in.
/// </summary>
internal static class AdminPassword
{
    public const string Variable = "GAVEL_ADMIN_PASSWORD";
    public const string StdinOption = "--password-stdin";

    /// <summary>The password given without asking, checked at once so a bad one fails before any database work.</summary>
    public static string? FromArgumentStdinOrEnvironment(string? argument, bool fromStdin, CliContext context)
    {
        if (argument is not null && fromStdin)
        {
            throw new CliException($"Give the password once: --password or {StdinOption}, not both.");
        }

        var given = fromStdin
            ? ReadStdin(context)
            : argument ?? (context.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        if (given is not null && AccountRules.CheckPassword(given) is { } error)
        {
            throw new CliException($"{error.TrimEnd('.')} (this one has {given.Length}).");
        }

        return given;
    }

    public static async Task<string> PromptAsync(CliContext context, CancellationToken ct)
    {
        // A script or CI job has no one to answer: fail with the ways to pass a password instead of hanging.
        if (!context.Out.Profile.Capabilities.Interactive)
        {
            throw new CliException($"No password given: pass {StdinOption} (e.g. < secret-file), set {Variable}, or run in a terminal to be prompted.");
        }

        var first = await new TextPrompt<string>("New admin password:")
            .Secret()
            .Validate(p => AccountRules.CheckPassword(p) is { } error ? ValidationResult.Error($"[red]{Markup.Escape(error)}[/]") : ValidationResult.Success())
            .ShowAsync(context.Out, ct);
        var again = await new TextPrompt<string>("Repeat the password:").Secret().ShowAsync(context.Out, ct);
        return first == again ? first : throw new CliException("The passwords did not match; nothing was created.");
    }

    /// <summary>The first line of standard input, like `docker login --password-stdin`: the newline a file or echo ends with is not part of it.</summary>
    private static string ReadStdin(CliContext context)
    {
        // Standard input is the keyboard: the password would be echoed as it is typed. The prompt hides it.
        if (context.Out.Profile.Capabilities.Interactive)
        {
            throw new CliException($"{StdinOption} reads a pipe or a file (e.g. < secret-file); in a terminal leave it out to be prompted with the password hidden.");
        }

        return context.Input.ReadLine()?.TrimEnd('\r') is { Length: > 0 } line
            ? line
            : throw new CliException($"{StdinOption} read no password: standard input was empty.");
    }
}
