using Gavel.Cli.Tests.Infrastructure;

namespace Gavel.Cli.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly SqliteTestDatabase fromFile = new();
    private readonly SqliteTestDatabase fromArgument = new();

    public void Dispose()
    {
        fromFile.Dispose();
        fromArgument.Dispose();
    }

    [Fact]
    public async Task SettingsFileNamesTheDatabase()
    {
        var settings = WriteSettings(fromFile.ConnectionString);

        var run = await GavelTool.RunAsync("db", "migrate", "--settings", settings);

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(fromFile.FilePath));
    }

    [Fact]
    public async Task ServerStyleOverrideBeatsTheSettingsFileAndMayStandBeforeTheCommand()
    {
        var settings = WriteSettings(fromFile.ConnectionString);

        var run = await GavelTool.RunAsync($"--ConnectionStrings:Gavel={fromArgument.ConnectionString}", "db", "migrate", "--settings", settings);

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(fromArgument.FilePath));
        Assert.False(File.Exists(fromFile.FilePath));
    }

    [Fact]
    public async Task ConnectionShorthandBeatsTheServerStyleOverride()
    {
        var run = await GavelTool.RunAsync(
            "db", "migrate", "--ConnectionStrings:Gavel", fromFile.ConnectionString, "--connection", fromArgument.ConnectionString);

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(fromArgument.FilePath));
        Assert.False(File.Exists(fromFile.FilePath));
    }

    [Fact]
    public async Task MissingSettingsFileIsAnError()
    {
        var run = await GavelTool.RunAsync("db", "migrate", "--settings", Path.Combine(fromFile.Folder, "missing.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("missing.json' does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownArgumentIsAnErrorNotAnOverride()
    {
        var run = await GavelTool.RunAsync(fromFile.Args("db", "migrate", "--databse-provider=Postgres"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--databse-provider=Postgres", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(fromFile.FilePath));
    }

    private string WriteSettings(string connectionString)
    {
        var path = Path.Combine(fromFile.Folder, "appsettings.json");
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            Database = new { Provider = "Sqlite" },
            ConnectionStrings = new { Gavel = connectionString },
        });
        File.WriteAllText(path, json);
        return path;
    }
}
