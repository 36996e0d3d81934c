using Gavel.Cli.Commands.Users;
using Gavel.Cli.Tests.Infrastructure;
using Gavel.Core.Accounts;
using Gavel.Core.Wallet;
using Microsoft.EntityFrameworkCore;
using Spectre.Console.Testing;

namespace Gavel.Cli.Tests.Commands.Users;

public sealed class CreateAdminCommandTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly SqliteTestDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task CreatesAnAdminWithAWalletWhosePasswordVerifies()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(database.Args("users", "create-admin", "--email", " Ada@Example.com ", "--display-name", "Ada", "--password", Password));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Created admin Ada@Example.com (Ada)", run.Output, StringComparison.Ordinal);
        var user = await FindUserAsync("ada@example.com");
        Assert.True(user.IsAdmin);
        Assert.Equal("Ada@Example.com", user.Email);
        Assert.Equal("Ada", user.DisplayName);
        Assert.StartsWith("pbkdf2-sha256$1000$", user.PasswordHash, StringComparison.Ordinal);
        Assert.True(new PasswordHasher().Verify(Password, user.PasswordHash));
        Assert.False(new PasswordHasher().Verify(Password + "x", user.PasswordHash));
        await using var db = database.Open();
        Assert.True(await db.Wallets.AnyAsync(w => w.UserId == user.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PromotesAnExistingUserAndKeepsTheirPassword()
    {
        await MigrateAsync();
        var existing = await AddUserAsync("bob@example.com", "bob's own password");

        var run = await GavelTool.RunAsync(database.Args("users", "create-admin", "--email", "BOB@example.com"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Promoted the existing user bob@example.com (Bob) to admin", run.Output, StringComparison.Ordinal);
        var user = await FindUserAsync("bob@example.com");
        Assert.True(user.IsAdmin);
        Assert.Equal(existing.PasswordHash, user.PasswordHash);
        await using var db = database.Open();
        Assert.Equal(1, await db.Users.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnAdminAlreadyIsLeftAsItIs()
    {
        await MigrateAsync();
        Assert.Equal(0, (await CreateAdminAsync("carol@example.com", Password)).ExitCode);

        var again = await CreateAdminAsync("carol@example.com", Password);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already an admin; nothing changed", again.Output, StringComparison.Ordinal);
        Assert.Contains("password were not used", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsAPasswordShorterThanTwelveCharacters()
    {
        await MigrateAsync();

        var run = await CreateAdminAsync("dave@example.com", "elevenchars");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("between 12 and 128 characters long (this one has 11)", run.Error, StringComparison.Ordinal);
        await using var db = database.Open();
        Assert.False(await db.Users.AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BeforeMigrationItSaysToRunDbMigrateAndCreatesNothing()
    {
        var run = await CreateAdminAsync("erin@example.com", Password);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist yet; run `gavel db migrate`", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(database.FilePath));
    }

    [Fact]
    public async Task OnAnOlderSchemaItNamesThePendingMigrations()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database.FilePath)!);
        await using (var db = database.Open())
        {
            // An empty database file: the schema exists in name only, every migration is pending.
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        }

        var run = await CreateAdminAsync("erin@example.com", Password);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pending migration(s)", run.Error, StringComparison.Ordinal);
        Assert.Contains("run `gavel db migrate` first", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakesThePasswordFromTheEnvironmentWhenNoOptionIsGiven()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(
            database.Args("users", "create-admin", "--email", "frank@example.com"),
            new Dictionary<string, string> { [AdminPassword.Variable] = Password });

        Assert.Equal(0, run.ExitCode);
        Assert.True(new PasswordHasher().Verify(Password, (await FindUserAsync("frank@example.com")).PasswordHash));
    }

    [Fact]
    public async Task PromptsForTheHiddenPasswordTwiceInATerminal()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(
            database.Args("users", "create-admin", "--email", "grace@example.com"),
            terminal: console =>
            {
                console.Interactive();
                console.Input.PushTextWithEnter("too short");
                console.Input.PushTextWithEnter(Password);
                console.Input.PushTextWithEnter(Password);
            });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Password must be between 12 and 128 characters long", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Output, StringComparison.Ordinal);
        Assert.True(new PasswordHasher().Verify(Password, (await FindUserAsync("grace@example.com")).PasswordHash));
    }

    [Fact]
    public async Task PromptedPasswordsThatDifferCreateNothing()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(
            database.Args("users", "create-admin", "--email", "heidi@example.com"),
            terminal: console =>
            {
                console.Interactive();
                console.Input.PushTextWithEnter(Password);
                console.Input.PushTextWithEnter(Password + "!");
            });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did not match", run.Error, StringComparison.Ordinal);
        await using var db = database.Open();
        Assert.False(await db.Users.AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WithoutAPasswordOrATerminalItSaysWhereAPasswordCanComeFrom()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(database.Args("users", "create-admin", "--email", "ivan@example.com"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"pass {AdminPassword.StdinOption} (e.g. < secret-file), set {AdminPassword.Variable}, or run in a terminal", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("Judy <judy@example.com>")]
    [InlineData("judy@localhost")]
    [InlineData("\"judy smith\"@example.com")]
    public async Task RejectsAnEmailThatRegistrationWouldRejectAndCreatesNothing(string email)
    {
        await MigrateAsync();

        var run = await CreateAdminAsync(email, Password);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not an email address: Email must be an address like name@example.com", run.Error, StringComparison.Ordinal);
        await AssertNoUsersAsync();
    }

    [Fact]
    public async Task RefusesAnImportedHistoryUserWhoCouldNeverSignIn()
    {
        await MigrateAsync();
        await AddUserAsync("chuik-1a2b3c4d@auction-csv.imported.invalid", "unused password", suspended: true);

        var run = await CreateAdminAsync("Chuik-1a2b3c4d@auction-csv.imported.invalid", Password);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("belongs to imported price history, whose users cannot sign in", run.Error, StringComparison.Ordinal);
        Assert.False((await FindUserAsync("chuik-1a2b3c4d@auction-csv.imported.invalid")).IsAdmin);
    }

    [Fact]
    public async Task PromotingASuspendedUserSaysTheyStillCannotSignIn()
    {
        await MigrateAsync();
        await AddUserAsync("quinn@example.com", "quinn's own password", suspended: true);

        var run = await GavelTool.RunAsync(database.Args("users", "create-admin", "--email", "quinn@example.com"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Promoted the existing user quinn@example.com", run.Output, StringComparison.Ordinal);
        Assert.Contains("quinn@example.com is suspended and cannot sign in until the suspension is lifted", run.Error, StringComparison.Ordinal);
        Assert.True((await FindUserAsync("quinn@example.com")).IsAdmin);
    }

    [Fact]
    public async Task RejectsAPasswordTooLongToSignInWith()
    {
        // Sign-in refuses passwords over 128 characters, so an admin created with one could never sign in.
        await MigrateAsync();

        var run = await CreateAdminAsync("kate@example.com", new string('x', AccountRules.MaxPasswordLength + 1));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("between 12 and 128 characters long (this one has 129)", run.Error, StringComparison.Ordinal);
        await AssertNoUsersAsync();
    }

    [Fact]
    public async Task RejectsADisplayNameWithControlCharactersBeforeTouchingTheDatabase()
    {
        var run = await GavelTool.RunAsync(database.Args("users", "create-admin", "--email", "liam@example.com", "--display-name", "Liam\u001b[2J", "--password", Password));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: Display name cannot contain control characters.", run.Error.Trim());
        Assert.False(File.Exists(database.FilePath));
    }

    [Fact]
    public async Task ReadsThePasswordFromStandardInputWithoutItsNewline()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(
            database.Args("users", "create-admin", "--email", "mia@example.com", AdminPassword.StdinOption),
            new Dictionary<string, string> { [AdminPassword.Variable] = "the environment's password" },
            stdin: Password + "\r\n");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Password, run.Output + run.Error, StringComparison.Ordinal);
        Assert.True(new PasswordHasher().Verify(Password, (await FindUserAsync("mia@example.com")).PasswordHash));
    }

    [Fact]
    public async Task PasswordStdinFromAKeyboardIsRefusedRatherThanEchoed()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(
            database.Args("users", "create-admin", "--email", "pia@example.com", AdminPassword.StdinOption),
            terminal: console => console.Interactive(),
            stdin: Password);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("in a terminal leave it out to be prompted with the password hidden", run.Error, StringComparison.Ordinal);
        await AssertNoUsersAsync();
    }

    [Fact]
    public async Task EmptyStandardInputIsAnErrorNotAnEmptyPassword()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(database.Args("users", "create-admin", "--email", "noah@example.com", AdminPassword.StdinOption));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: {AdminPassword.StdinOption} read no password: standard input was empty.", run.Error.Trim());
        await AssertNoUsersAsync();
    }

    [Fact]
    public async Task PasswordAndPasswordStdinTogetherAreAnError()
    {
        await MigrateAsync();

        var run = await GavelTool.RunAsync(
            database.Args("users", "create-admin", "--email", "olga@example.com", "--password", Password, AdminPassword.StdinOption),
            stdin: Password);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--password or --password-stdin, not both", run.Error, StringComparison.Ordinal);
        await AssertNoUsersAsync();
    }

    private async Task AssertNoUsersAsync()
    {
        await using var db = database.Open();
        Assert.False(await db.Users.AnyAsync(TestContext.Current.CancellationToken));
    }

    private async Task MigrateAsync() =>
        Assert.Equal(0, (await GavelTool.RunAsync(database.Args("db", "migrate"))).ExitCode);

    private Task<GavelRun> CreateAdminAsync(string email, string password) =>
        GavelTool.RunAsync(database.Args("users", "create-admin", "--email", email, "--password", password));

    private async Task<User> FindUserAsync(string normalizedEmail)
    {
        await using var db = database.Open();
        return await db.Users.SingleAsync(u => u.NormalizedEmail == normalizedEmail, TestContext.Current.CancellationToken);
    }

    private async Task<User> AddUserAsync(string email, string password, bool suspended = false)
    {
        await using var db = database.Open();
        var user = new User
        {
            Email = email,
            NormalizedEmail = User.Normalize(email),
            DisplayName = "Bob",
            PasswordHash = new PasswordHasher(1000).Hash(password),
            CreatedAt = DateTimeOffset.UtcNow,
            IsSuspended = suspended,
        };
        db.Users.Add(user);
        db.Wallets.Add(new UserWallet { UserId = user.Id });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return user;
    }
}
