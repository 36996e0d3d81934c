using Gavel.Core.Data;
using Npgsql;

namespace Gavel.Core.Tests.Data;

public sealed class AutoPrepareTests
{
    [Fact]
    public void TurnsAutomaticPreparationOnWhenTheConnectionStringIsSilent()
    {
        var result = new NpgsqlConnectionStringBuilder(GavelDatabase.WithAutoPrepare("Host=db;Username=gavel;Database=gavel"));

        Assert.Equal(64, result.MaxAutoPrepare);
        Assert.Equal("db", result.Host);
        Assert.Equal("gavel", result.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5)]
    [InlineData("Host=db;max auto prepare=12", 12)]
    public void KeepsWhatTheOperatorChose(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(GavelDatabase.WithAutoPrepare(connectionString)).MaxAutoPrepare);
}
