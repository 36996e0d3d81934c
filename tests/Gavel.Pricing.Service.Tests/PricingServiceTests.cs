using System.Net;
using System.Net.Http.Json;
using Gavel.Pricing.Estimates;
using Gavel.Pricing.History;
using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Remote;
using Gavel.Pricing.Service.Grpc;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gavel.Pricing.Service.Tests;

public sealed class PricingServiceTests
{
    private const string Version = "pricing-20260101T000000000Z";
    private static readonly Listing Seiko = new("Seiko diver watch", "watches", null, 60m, 7, DayOfWeek.Sunday);
    private static readonly Lazy<(string Folder, PriceModel Model)> Saved = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("gavel-service-models-").FullName;
        var sold = SyntheticHistory.Generate(400);
        var model = PriceModelTrainer.Train(
            sold,
            new PriceTrainingOptions { Forest = new ForestOptions(Trees: 30) },
            new ModelManifest(Version, DateTimeOffset.UnixEpoch, ModelManifest.CurrentFormat, LiveSignal.Visible, [], 0, 0, sold.Count, "USD", null));
        new ModelStore(folder).Save(model, null);
        return (folder, new ModelStore(folder).Load(Version));
    });

    [Fact]
    public async Task RestAnswersExactlyWhatTheInProcessEstimatorAnswers()
    {
        await using var service = Start(Saved.Value.Folder);
        var client = new PricingServiceClient(service.CreateClient(), NullLogger<PricingServiceClient>.Instance);
        var bids = SyntheticHistory.Bids(new Random(5), 60m, 320m);

        var estimate = await client.EstimateAsync(Seiko, TestContext.Current.CancellationToken);
        var forecast = await client.ForecastAsync(Seiko, bids, 0.8, TestContext.Current.CancellationToken);

        AssertSame(Saved.Value.Model.Estimate(Seiko), estimate);
        AssertSame(Saved.Value.Model.Forecast(Seiko, bids, 0.8), forecast);
        Assert.Equal("ok", estimate.Status);
    }

    [Fact]
    public async Task GrpcAnswersTheSameInCents()
    {
        await using var service = Start(Saved.Value.Folder);
        using var channel = GrpcChannel.ForAddress(service.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = service.Server.CreateHandler() });
        var grpc = new PriceEstimation.PriceEstimationClient(channel);
        var expected = Saved.Value.Model.Estimate(Seiko);

        var reply = await grpc.EstimateAsync(
            new ListingRequest { Title = Seiko.Title, Category = "watches", StartingPriceCents = 6000, DurationDays = 7, EndDay = 0 },
            cancellationToken: TestContext.Current.CancellationToken);
        var forecast = await grpc.ForecastAsync(
            new ForecastRequest
            {
                Listing = new ListingRequest { Title = Seiko.Title, Category = "watches", StartingPriceCents = 6000, DurationDays = 7 },
                Elapsed = 0.5,
                Bids = { new VisibleBid { Elapsed = 0.2, Bidder = "a", PriceCents = 6000 }, new VisibleBid { Elapsed = 0.4, Bidder = "b", PriceCents = 15000 } },
            },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("ok", reply.Status);
        Assert.Equal((long)(expected.Median!.Value * 100), reply.MedianCents);
        Assert.Equal((long)(expected.Low!.Value * 100), reply.LowCents);
        Assert.Equal((long)(expected.High!.Value * 100), reply.HighCents);
        Assert.Equal(expected.ComparableCount, reply.ComparableCount);
        Assert.Equal(5, reply.Comparables.Count);
        Assert.Equal(Version, reply.ModelVersion);
        Assert.Equal("ok", forecast.Status);
        Assert.True(forecast.LowCents >= 15000);
    }

    [Fact]
    public async Task WithoutAModelBothFacesSayInsufficientData()
    {
        await using var service = Start(Directory.CreateTempSubdirectory("gavel-service-empty-").FullName);
        using var channel = GrpcChannel.ForAddress(service.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = service.Server.CreateHandler() });

        var rest = await service.CreateClient().PostAsJsonAsync("/api/estimates", ListingMessage.From(Seiko), TestContext.Current.CancellationToken);
        var grpc = await new PriceEstimation.PriceEstimationClient(channel).EstimateAsync(
            new ListingRequest { Title = "Seiko", StartingPriceCents = 100, DurationDays = 7 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Contains("\"status\":\"insufficient_data\"", await rest.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("insufficient_data", grpc.Status);
        Assert.False(grpc.HasMedianCents);
        Assert.Contains("No price model", grpc.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadRequestIsAValidationProblem()
    {
        await using var service = Start(Saved.Value.Folder);

        var response = await service.CreateClient().PostAsJsonAsync("/api/forecasts", new { elapsed = 0.5 }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static WebApplicationFactory<ServiceProgram> Start(string models) =>
        new WebApplicationFactory<ServiceProgram>().WithWebHostBuilder(b => b.UseSetting("Pricing:ModelDirectory", models));

    private static void AssertSame(PriceEstimate expected, PriceEstimate actual)
    {
        Assert.True(expected.Status == actual.Status, actual.Reason);
        Assert.Equal((expected.Status, expected.Median, expected.Low, expected.High), (actual.Status, actual.Median, actual.Low, actual.High));
        Assert.Equal((expected.ComparableCount, expected.ModelVersion), (actual.ComparableCount, actual.ModelVersion));
        Assert.Equal(expected.Comparables, actual.Comparables);
    }
}
