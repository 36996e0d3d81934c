using System.CommandLine;
using Gavel.Cli.Infrastructure;
using Gavel.Core.Accounts;
using Gavel.Pricing.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Gavel.Cli.Commands.Users;

/// <summary>`gavel users create-admin`: creates the first admin, or promotes an existing user to admin.</summary>
internal sealed class CreateAdminCommand : Command, IHasExamples
{
    private readonly CliContext context;

    private readonly Option<string> email = new("--email")
    {
        Description = "The admin's email, used to sign in. If a user has it already, that user is made an admin.",
        HelpName = "EMAIL",
        Required = true,
    };

    private readonly Option<string> displayName = new("--display-name")
    {
        Description = "The name shown for the new user (default: the part of the email before @).",
        HelpName = "NAME",
    };

    private readonly Option<string> password = new("--password")
    {
        HelpName = "PASSWORD",
        Description = $"{AccountRules.MinPasswordLength} to {AccountRules.MaxPasswordLength} characters. Avoid it outside tests: arguments show in shell history and process lists; use {AdminPassword.StdinOption}, {AdminPassword.Variable} or the prompt.",
    };

    private readonly Option<bool> passwordStdin = new(AdminPassword.StdinOption)
    {
        Description = "Read the password from the first line of standard input (a pipe or a file), so it never appears on the command line.",
    };

    public CreateAdminCommand(CliContext context, CliConfiguration configuration)
        : base("create-admin", $"Create an admin user, or promote the existing user with that email to admin. The password comes from --password or {AdminPassword.StdinOption}, else {AdminPassword.Variable}, else a hidden prompt (asked twice) when run in a terminal. Needs a migrated database (gavel db migrate).")
    {
        this.context = context;
        Options.Add(email);
        Options.Add(displayName);
        Options.Add(password);
        Options.Add(passwordStdin);
        this.SetCliAction(context, configuration, RunAsync);
    }

    public IReadOnlyList<string> Examples { get; } =
    [
        "gavel users create-admin --email admin@example.com",
        $"gavel users create-admin --email admin@example.com {AdminPassword.StdinOption} < /run/secrets/gavel-admin-password",
        $"{AdminPassword.Variable}=... gavel users create-admin --email admin@example.com --display-name \"Site admin\"",
    ];

    private async Task<int> RunAsync(ParseResult parseResult, IConfiguration configuration, CancellationToken ct)
    {
        var address = ValidEmail(parseResult.GetRequiredValue(email));
        var name = parseResult.GetValue(displayName) is { } given ? ValidDisplayName(given) : null;
        var givenPassword = AdminPassword.FromArgumentStdinOrEnvironment(parseResult.GetValue(password), parseResult.GetValue(passwordStdin), context);
        var hasher = new PasswordHasher(HashIterations(configuration));

        await using var database = CliDatabase.Open(configuration);
        await database.RequireCurrentSchemaAsync(ct);

        var normalized = User.Normalize(address);
        var existing = await database.RunAsync(db => db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct));
        if (existing is not null)
        {
            await PromoteAsync(database, existing, name is not null || givenPassword is not null, ct);
            return CliActions.Success;
        }

        var chosenName = name ?? ValidDisplayName(DefaultDisplayName(address));
        var chosenPassword = givenPassword ?? await AdminPassword.PromptAsync(context, ct);
        var created = await database.RunAsync(db =>
            UserRegistration.TryRegisterAsync(db, hasher, context.Clock, new NewUser(address, chosenPassword, chosenName, IsAdmin: true), ct));
        if (created is null)
        {
            throw new CliException($"Someone registered {address} while this ran; nothing was created. Run the command again to promote them.");
        }

        context.Out.MarkupLine($"[green]Created admin[/] {Markup.Escape(address)} ({Markup.Escape(chosenName)}) in {Markup.Escape(database.Target)}.");
        return CliActions.Success;
    }

    private async Task PromoteAsync(CliDatabase database, User user, bool ignoredOptions, CancellationToken ct)
    {
        if (user.IsAdmin)
        {
            context.Out.MarkupLine($"{Markup.Escape(user.Email)} is already an admin; nothing changed.");
        }
        else
        {
            // Set-based: a write transaction starts from a clear change tracker, so the user read above is not tracked.
            var userId = user.Id;
            await database.RunAsync(db => db.WriteAsync(
                token => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, true), token),
                ct));
            context.Out.MarkupLine($"[green]Promoted[/] the existing user {Markup.Escape(user.Email)} ({Markup.Escape(user.DisplayName)}) to admin.");
        }

        if (user.IsSuspended)
        {
            context.Error.MarkupLine($"[yellow]note:[/] {Markup.Escape(user.Email)} is suspended and cannot sign in until the suspension is lifted.");
        }

        if (ignoredOptions)
        {
            context.Error.MarkupLine("[yellow]note:[/] an existing user keeps their display name and password; --display-name and the password were not used.");
        }
    }

    private static string ValidEmail(string value)
    {
        // Users of imported price history live under this reserved domain, suspended and without a password. Said
        // before the general rule (which refuses every .invalid address) because it names what the address is.
        if (User.Normalize(value).EndsWith("." + ImportedUsers.Domain, StringComparison.Ordinal))
        {
            throw new CliException($"{value.Trim()} belongs to imported price history, whose users cannot sign in; give a real address.");
        }

        return AccountRules.CheckEmail(value) is { } error
            ? throw new CliException($"'{value}' is not an email address: {error}")
            : value.Trim();
    }

    private static string ValidDisplayName(string value) =>
        AccountRules.CheckDisplayName(value) is { } error ? throw new CliException(error) : value.Trim();

    /// <summary>The part before @, cut to fit: a local part may be 64 characters, a display name only 60.</summary>
    private static string DefaultDisplayName(string address)
    {
        var local = address[..address.LastIndexOf('@')];
        return local.Length > AccountRules.MaxDisplayNameLength ? local[..AccountRules.MaxDisplayNameLength] : local;
    }

    private static int HashIterations(IConfiguration configuration)
    {
        const string key = "Auth:PasswordHashIterations";
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return PasswordHasher.OwaspIterations;
        }

        // The same bounds as the server's AuthOptions.
        return int.TryParse(value, out var iterations) && iterations is >= 1 and <= 10_000_000
            ? iterations
            : throw new CliException($"{key} is '{value}'; use a whole number from 1 to 10000000.");
    }
}
