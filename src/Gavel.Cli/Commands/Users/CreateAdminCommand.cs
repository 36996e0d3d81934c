using System.CommandLine;
using System.Net.Mail;
using Gavel.Cli.Infrastructure;
using Gavel.Core.Accounts;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Gavel.Cli.Commands.Users;

/// <summary>`gavel users create-admin`: creates the first admin, or promotes an existing user to admin.</summary>
internal sealed class CreateAdminCommand : Command, IHasExamples
{
    private const int MaximumDisplayNameLength = 60;
    private const int MaximumEmailLength = 254;

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
        Description = $"At least {AdminPassword.MinimumLength} characters. Prefer {AdminPassword.Variable} or the prompt: arguments show in shell history and process lists.",
    };

    public CreateAdminCommand(CliContext context, CliConfiguration configuration)
        : base("create-admin", $"Create an admin user, or promote the existing user with that email to admin. The password comes from --password, else {AdminPassword.Variable}, else a hidden prompt when run in a terminal. Needs a migrated database (gavel db migrate).")
    {
        this.context = context;
        Options.Add(email);
        Options.Add(displayName);
        Options.Add(password);
        this.SetCliAction(context, configuration, RunAsync);
    }

    public IReadOnlyList<string> Examples { get; } =
    [
        "gavel users create-admin --email admin@example.com",
        $"{AdminPassword.Variable}=... gavel users create-admin --email admin@example.com --display-name \"Site admin\"",
    ];

    private async Task<int> RunAsync(ParseResult parseResult, IConfiguration configuration, CancellationToken ct)
    {
        var address = ValidEmail(parseResult.GetRequiredValue(email));
        var name = parseResult.GetValue(displayName);
        var givenPassword = AdminPassword.FromArgumentOrEnvironment(parseResult.GetValue(password), context);
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

        var chosenName = ValidDisplayName(name ?? address[..address.IndexOf('@', StringComparison.Ordinal)]);
        var hash = hasher.Hash(givenPassword ?? await AdminPassword.PromptAsync(context, ct));
        var user = new User
        {
            Email = address,
            NormalizedEmail = normalized,
            DisplayName = chosenName,
            PasswordHash = hash,
            IsAdmin = true,
            CreatedAt = context.Clock.GetUtcNow(),
        };

        await database.RunAsync(db => db.WriteAsync(
            _ =>
            {
                db.Users.Add(user);
                db.Wallets.Add(new UserWallet { UserId = user.Id });
                return Task.FromResult(true);
            },
            ct));

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

        if (ignoredOptions)
        {
            context.Error.MarkupLine("[yellow]note:[/] an existing user keeps their display name and password; --display-name and the password were not used.");
        }
    }

    private static string ValidEmail(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > MaximumEmailLength || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
        {
            throw new CliException($"'{value}' is not an email address.");
        }

        return trimmed;
    }

    private static string ValidDisplayName(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length is > 0 and <= MaximumDisplayNameLength
            ? trimmed
            : throw new CliException($"The display name must be 1 to {MaximumDisplayNameLength} characters.");
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
