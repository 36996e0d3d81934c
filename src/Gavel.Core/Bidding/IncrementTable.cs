using System.Text.Json;

namespace Gavel.Core.Bidding;

/// <summary>One band: from <see cref="From"/> (inclusive) upwards the increment is <see cref="Increment"/>.</summary>
public sealed record IncrementBand(decimal From, decimal Increment);

/// <summary>
/// The bid increment as a function of the current price. Bands are sorted by their lower bound and the
/// first starts at zero. The default is API.md's table; an auction may carry its own.
/// </summary>
public sealed class IncrementTable
{
    public static readonly IncrementTable Default = new(
    [
        new(0.00m, 0.05m),
        new(1.00m, 0.25m),
        new(5.00m, 0.50m),
        new(25.00m, 1.00m),
        new(100.00m, 2.50m),
        new(250.00m, 5.00m),
        new(500.00m, 10.00m),
        new(1_000.00m, 25.00m),
        new(2_500.00m, 50.00m),
        new(5_000.00m, 100.00m),
    ]);

    public IncrementTable(IReadOnlyList<IncrementBand> bands)
    {
        if (bands.Count == 0 || bands[0].From != 0m)
        {
            throw new ArgumentException("The first increment band must start at 0.", nameof(bands));
        }

        for (var i = 0; i < bands.Count; i++)
        {
            if (bands[i].Increment <= 0m || (i > 0 && bands[i].From <= bands[i - 1].From))
            {
                throw new ArgumentException("Increment bands must rise and every increment must be positive.", nameof(bands));
            }
        }

        Bands = bands;
    }

    public IReadOnlyList<IncrementBand> Bands { get; }

    public decimal IncrementAt(decimal price)
    {
        var increment = Bands[0].Increment;
        foreach (var band in Bands)
        {
            if (price < band.From)
            {
                break;
            }

            increment = band.Increment;
        }

        return increment;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(Bands, JsonOptions);

    public static IncrementTable FromJson(string? json) =>
        string.IsNullOrEmpty(json)
            ? Default
            : new IncrementTable(JsonSerializer.Deserialize<List<IncrementBand>>(json, JsonOptions)
                ?? throw new ArgumentException("An increment table cannot be null.", nameof(json)));
}
