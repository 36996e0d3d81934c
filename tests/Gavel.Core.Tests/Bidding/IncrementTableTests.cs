using System.Text.Json;
using Gavel.Core.Bidding;

namespace Gavel.Core.Tests.Bidding;

public sealed class IncrementTableTests
{
    private static readonly Dictionary<string, IncrementBand[]> BadTables = new()
    {
        ["no bands"] = [],
        ["first band starts above zero"] = [new(1m, 0.25m)],
        ["first band starts below zero"] = [new(-1m, 0.25m), new(0m, 0.50m)],
        ["zero increment"] = [new(0m, 0m)],
        ["negative increment"] = [new(0m, 0.05m), new(1m, -0.25m)],
        ["bands out of order"] = [new(0m, 0.05m), new(5m, 0.50m), new(1m, 0.25m)],
        ["two bands with the same start"] = [new(0m, 0.05m), new(1m, 0.25m), new(1m, 0.50m)],
    };

    public static TheoryData<string> BadTableNames => new(BadTables.Keys);

    [Theory]
    [MemberData(nameof(BadTableNames))]
    public void BadTablesAreRefused(string table) =>
        Assert.Throws<ArgumentException>("bands", () => new IncrementTable(BadTables[table]));

    [Theory]
    [MemberData(nameof(BadTableNames))]
    public void BadTablesAreRefusedFromJsonToo(string table) =>
        Assert.Throws<ArgumentException>("bands", () => IncrementTable.FromJson(JsonSerializer.Serialize(BadTables[table])));

    public static TheoryData<string> RoundTripTables => new("default", "custom", "single band", "fractional");

    private static IncrementTable Table(string name) => name switch
    {
        "default" => IncrementTable.Default,
        "custom" => new([new(0m, 1m), new(10m, 5m), new(100m, 20m)]),
        "single band" => new([new(0m, 0.01m)]),
        _ => new([new(0m, 0.01m), new(0.10m, 0.05m), new(12.34m, 0.33m)]),
    };

    [Theory]
    [MemberData(nameof(RoundTripTables))]
    public void JsonRoundTripKeepsEveryBand(string name)
    {
        var table = Table(name);

        var copy = IncrementTable.FromJson(table.ToJson());

        Assert.Equal(table.Bands, copy.Bands);
        foreach (var amount in new[] { 0m, 0.09m, 0.10m, 9.99m, 10m, 12.33m, 12.34m, 99.99m, 100m, 1e6m })
        {
            Assert.Equal(table.IncrementAt(amount), copy.IncrementAt(amount));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoJsonMeansTheDefaultTable(string? json) => Assert.Same(IncrementTable.Default, IncrementTable.FromJson(json));

    [Fact]
    public void BelowTheFirstBandTheFirstIncrementApplies() =>
        Assert.Equal(0.05m, IncrementTable.Default.IncrementAt(-1m));
}
