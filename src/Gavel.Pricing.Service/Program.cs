using System.Text.Json;
using System.Text.Json.Serialization;
using Gavel.Pricing.Lifecycle;
using Microsoft.Extensions.Options;

namespace Gavel.Pricing.Service;

/// <summary>
/// The pricing service: the same estimator as Gavel.Server's in-process one, behind REST (POST /api/estimates,
/// POST /api/forecasts) and gRPC (gavel.pricing.v1.PriceEstimation), reading models from Pricing:ModelDirectory
/// and picking up new versions without a restart. It needs no database.
/// </summary>
public sealed class ServiceProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new ModelStore(sp.GetRequiredService<IOptions<PricingOptions>>().Value.ModelDirectory));
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddSingleton<IPriceEstimator, LocalPriceEstimator>();
        builder.Services.AddHostedService<ModelReloader>();
        builder.Services.AddGrpc();
        builder.Services.AddValidation();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapPost("/api/estimates", RestEndpoints.EstimateAsync);
        app.MapPost("/api/forecasts", RestEndpoints.ForecastAsync);
        app.MapGet("/health", (ModelCatalog catalog) => TypedResults.Ok(new { status = "ok", modelVersion = catalog.Price?.Version }));
        app.MapGrpcService<PriceEstimationGrpc>();
        await app.RunAsync();
    }
}
