using Gavel.Core.Auctions;
using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Service.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Gavel.Pricing.Service;

/// <summary>The gRPC face of the estimator: the same answers as the REST endpoints, money in cents.</summary>
internal sealed class PriceEstimationGrpc(IPriceEstimator estimator) : PriceEstimation.PriceEstimationBase
{
    public override async Task<EstimateReply> Estimate(ListingRequest request, ServerCallContext context) =>
        ToReply(await estimator.EstimateAsync(ToListing(request), context.CancellationToken));

    public override async Task<EstimateReply> Forecast(ForecastRequest request, ServerCallContext context)
    {
        if (request.Listing is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "listing is required."));
        }

        var bids = request.Bids.OrderBy(b => b.Elapsed).Select(b => new BidEvent(b.Elapsed, b.Bidder, Money(b.PriceCents), 0m)).ToList();
        return ToReply(await estimator.ForecastAsync(ToListing(request.Listing), bids, Math.Clamp(request.Elapsed, 0, 1), context.CancellationToken));
    }

    private static Listing ToListing(ListingRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Title) || request.StartingPriceCents < 0 || request.DurationDays is < 0 or > 365)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "title is required, starting_price_cents must be >= 0 and duration_days 0-365."));
        }

        ItemCondition? condition = request.HasCondition && System.Enum.TryParse<ItemCondition>(request.Condition, ignoreCase: true, out var parsed) ? parsed : null;
        DayOfWeek? endDay = request.HasEndDay && request.EndDay is >= 0 and <= 6 ? (DayOfWeek)request.EndDay : null;
        return new Listing(request.Title.Trim(), request.HasCategory ? request.Category : null, condition, Money(request.StartingPriceCents), request.DurationDays, endDay);
    }

    private static decimal Money(long cents) => cents / 100m;

    private static long Cents(decimal money) => (long)Math.Round(money * 100m, MidpointRounding.AwayFromZero);

    private static EstimateReply ToReply(PriceEstimate estimate)
    {
        var reply = new EstimateReply { Status = estimate.Status, ComparableCount = estimate.ComparableCount };
        if (estimate.Median is { } median && estimate.Low is { } low && estimate.High is { } high)
        {
            reply.MedianCents = Cents(median);
            reply.LowCents = Cents(low);
            reply.HighCents = Cents(high);
        }

        if (estimate.ModelVersion is { } version)
        {
            reply.ModelVersion = version;
        }

        if (estimate.Reason is { } reason)
        {
            reply.Reason = reason;
        }

        reply.Comparables.AddRange(estimate.Comparables.Select(c =>
        {
            var comparable = new Comparable { Title = c.Title, FinalPriceCents = Cents(c.FinalPrice) };
            if (c.AuctionId is { } id)
            {
                comparable.AuctionId = id.ToString();
            }

            if (c.EndedAt is { } ended)
            {
                comparable.EndedAt = Timestamp.FromDateTimeOffset(ended);
            }

            return comparable;
        }));
        return reply;
    }
}
