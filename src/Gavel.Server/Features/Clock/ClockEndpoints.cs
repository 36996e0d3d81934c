namespace Gavel.Server.Features.Clock;

internal static class ClockEndpoints
{
    /// <summary>The server clock is the only clock that decides; clients count down from it.</summary>
    public static void MapClock(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/time", (TimeProvider clock) => TypedResults.Ok(new ServerTime(clock.GetUtcNow())))
            .WithTags("Clock")
            .WithName("GetServerTime");
}

internal sealed record ServerTime(DateTimeOffset Now);
