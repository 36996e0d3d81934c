using Gavel.Cli.Tests.Infrastructure;

namespace Gavel.Cli.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData("", "db", "gavel db migrate")]
    [InlineData("db", "migrate", "gavel db migrate --settings")]
    [InlineData("db migrate", "--connection", "gavel db migrate")]
    [InlineData("users", "create-admin", "gavel users create-admin --email")]
    [InlineData("users create-admin", "--display-name", "GAVEL_ADMIN_PASSWORD=")]
    [InlineData("users create-admin", "--password-stdin", "--password-stdin < /run/secrets/")]
    [InlineData("pricing", "import", "gavel pricing train --shill-data")]
    [InlineData("pricing evaluate", "--out", "gavel pricing evaluate --data")]
    [InlineData("pricing import", "--ended-by", "gavel pricing import --format ebay")]
    [InlineData("pricing train", "--shill-data", "--Pricing:ModelDirectory=")]
    public async Task EveryLevelExplainsItsCommandsTheConfigurationAndExamples(string command, string expected, string example)
    {
        var run = await GavelTool.RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        Assert.Contains("Configuration:", run.Output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Gavel", run.Output, StringComparison.Ordinal);
        Assert.Contains("--Database:Provider=Postgres", run.Output, StringComparison.Ordinal);
        Assert.Contains("Examples:", run.Output, StringComparison.Ordinal);
        Assert.Contains(example, run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pricing train")]
    [InlineData("pricing import")]
    public async Task HelpNamesThePricingSettingsWithTheirDefaults(string command)
    {
        var run = await GavelTool.RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Pricing:ModelDirectory           where pricing train writes models (default data/models)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Pricing:MinimumTrainingAuctions  fewest sales pricing train accepts (default 30, at least 10)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Auctions:Currency ", run.Output, StringComparison.Ordinal);
    }
}
