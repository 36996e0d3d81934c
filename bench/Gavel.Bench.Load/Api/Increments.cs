namespace Gavel.Bench.Load.Api;

/// <summary>The default increment table of API.md, so a client can work out the next minimum from a receipt's price.</summary>
internal static class Increments
{
    private static readonly (decimal From, decimal Step)[] Table =
    [
        (5000m, 100m), (2500m, 50m), (1000m, 25m), (500m, 10m), (250m, 5m),
        (100m, 2.5m), (25m, 1m), (5m, 0.5m), (1m, 0.25m), (0m, 0.05m),
    ];

    public static decimal At(decimal price)
    {
        foreach (var (from, step) in Table)
        {
            if (price >= from)
            {
                return step;
            }
        }

        return Table[^1].Step;
    }
}
