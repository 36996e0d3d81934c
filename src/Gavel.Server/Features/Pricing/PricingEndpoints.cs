using Gavel.Pricing.Lifecycle;
using Gavel.Pricing.Remote;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Pricing;

internal static class PricingEndpoints
{
    /// <summary>
    /// Price intelligence: estimates in-process by default, or from the separate pricing service when
    /// Pricing:ServiceUrl is set (with a timeout and "no estimate" when it is down); model reloading and
    /// shill scanning run as background services.
    /// </summary>
    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new ModelStore(sp.GetRequiredService<IOptions<PricingOptions>>().Value.ModelDirectory));
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<PricingModelService>();
        services.AddHostedService(sp => sp.GetRequiredService<PricingModelService>());
        services.AddSingleton<ShillScanService>();
        services.AddHostedService(sp => sp.GetRequiredService<ShillScanService>());

        var settings = configuration.GetSection(PricingOptions.Section).Get<PricingOptions>() ?? new PricingOptions();
        if (settings.ServiceUrl is { } url)
        {
            services.AddHttpClient<IPriceEstimator, PricingServiceClient>(http =>
            {
                http.BaseAddress = url;
                http.Timeout = settings.ServiceTimeout;
            });
        }
        else
        {
            services.AddSingleton<IPriceEstimator, LocalPriceEstimator>();
        }

        return services;
    }

    public static RouteGroupBuilder MapPricing(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/auctions/{id:guid}/forecast", Forecast.HandleAsync).WithTags("Pricing").WithName("GetForecast");

        var admin = app.MapGroup("/api/admin/shill-reviews").WithTags("Pricing").RequireAuthorization("admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("", ShillReviews.ListAsync).WithName("ListShillReviews").ProducesValidationProblem();
        admin.MapPost("/{id:guid}/dismiss", ShillReviews.DismissAsync).WithName("DismissShillReview");
        admin.MapPost("/{id:guid}/confirm", ShillReviews.ConfirmAsync).WithName("ConfirmShillReview");

        var group = app.MapGroup("/api/estimates").WithTags("Pricing");
        group.MapPost("", Estimates.HandleAsync).WithName("EstimatePrice").ProducesValidationProblem();
        return group;
    }
}
