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
}
