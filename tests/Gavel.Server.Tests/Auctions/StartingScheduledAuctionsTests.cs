using Gavel.Core.Auctions;
using Gavel.Core.Data;
using Gavel.Server.Tests.Infrastructure;
using Gavel.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gavel.Server.Tests.Auctions;

/// <summary>The closer starts a scheduled auction at its start time, as a sequenced step, and wakes for starts as for ends.</summary>
public abstract class StartingScheduledAuctionsTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task TheCloserStartsAScheduledAuctionAsASequencedStepAndWakesForTheNextStart()
    {
        await using var app = await GavelApp.StartAsync(Provider);
        var closer = app.Services.GetRequiredService<AuctionCloser>();
        var seller = await app.CreateUserAsync();
        var t0 = app.Clock.GetUtcNow();
        var live = await app.CreateLiveAuctionAsync(seller, duration: TimeSpan.FromMinutes(30)); // ends at t0 + 30 min
        var soon = await app.CreateScheduledAuctionAsync(seller, startsIn: TimeSpan.FromSeconds(3)); // ends at t0 + 1 h 3 s
        var later = await app.CreateScheduledAuctionAsync(seller, startsIn: TimeSpan.FromHours(2));

        // The next start comes before every end, so the closer is due back then, not at the first end.
        Assert.Equal(t0 + TimeSpan.FromSeconds(3), await closer.RunOnceAsync(CancellationToken.None));
        Assert.Equal(("scheduled", 0L), await StatusAsync(app, soon));

        app.Clock.Advance(TimeSpan.FromSeconds(3));
        var next = await closer.RunOnceAsync(CancellationToken.None);

        Assert.Equal(("live", 1L), await StatusAsync(app, soon));
        var transition = await app.WithDbAsync(db => db.AuctionTransitions.AsNoTracking()
            .Where(t => t.AuctionId == soon).OrderBy(t => t.Id).LastAsync());
        Assert.Equal((AuctionStatus.Scheduled, AuctionStatus.Live, t0 + TimeSpan.FromSeconds(3)), (transition.From, transition.To, transition.At));

        // Now the first end (the live auction's, 30 min) comes before the next start (2 h).
        Assert.Equal(t0 + TimeSpan.FromMinutes(30), next);
        Assert.Equal(("live", 0L), await StatusAsync(app, live));
        Assert.Equal(("scheduled", 0L), await StatusAsync(app, later));

        // A second pass finds nothing to start: the step happened once.
        await closer.RunOnceAsync(CancellationToken.None);
        Assert.Equal(("live", 1L), await StatusAsync(app, soon));
        Assert.Equal(2, await app.WithDbAsync(db => db.AuctionTransitions.CountAsync(t => t.AuctionId == soon)));
    }

    [Fact]
    public async Task TheCloserWorkerStartsAScheduledAuctionOnTimeRatherThanAtItsNextInterval()
    {
        // An interval long enough that waking on it would start the auction seconds late.
        await using var app = await GavelApp.StartAsync(Provider, s =>
        {
            s["Workers:CloserEnabled"] = "true";
            s["Auctions:CloserInterval"] = "00:00:10";
        });
        var seller = await app.CreateUserAsync();
        var startsAt = app.Clock.GetUtcNow() + TimeSpan.FromSeconds(15);
        var auctionId = await app.CreateScheduledAuctionAsync(seller, startsIn: TimeSpan.FromSeconds(15));

        // The worker waits on the fake clock. Up to a quarter second before the start, move in quarter seconds; then in 5 ms steps,
        // each with real time for the worker to run, so the fake time at which the auction is seen live bounds its lateness.
        while (app.Clock.GetUtcNow() < startsAt - TimeSpan.FromMilliseconds(250))
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var status = "";
        while (status != "live" && app.Clock.GetUtcNow() < startsAt + TimeSpan.FromSeconds(5))
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(5));
            await Task.Delay(20, TestContext.Current.CancellationToken);
            status = (await StatusAsync(app, auctionId)).Status;
        }

        Assert.Equal("live", status);
        var lateness = app.Clock.GetUtcNow() - startsAt;
        Assert.True(lateness < TimeSpan.FromSeconds(2), $"Started {lateness.TotalMilliseconds} ms late by the server clock (waking on the 10 s interval would be 5 s).");
    }

    private static async Task<(string Status, long Sequence)> StatusAsync(GavelApp app, Guid auctionId)
    {
        var auction = await app.Anonymous().GetJsonAsync($"/api/auctions/{auctionId}");
        return (auction["status"]!.GetValue<string>(), auction["sequence"]!.GetValue<long>());
    }
}

public sealed class SqliteStartingScheduledAuctionsTests : StartingScheduledAuctionsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresStartingScheduledAuctionsTests : StartingScheduledAuctionsTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
