using Gavel.Images;
using Gavel.Images.Storage;
using Gavel.Server.Workers;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Images;

internal static class ImagesEndpoints
{
    public static IServiceCollection AddImages(this IServiceCollection services)
    {
        services.AddOptions<ImagesOptions>().BindConfiguration(ImagesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IImageStorage>(sp => new LocalFolderImageStorage(
            Path.Combine(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, sp.GetRequiredService<IOptions<ImagesOptions>>().Value.StoragePath)));
        services.AddSingleton<ImageQueueSignal>();
        services.AddSingleton<PhotoUpdates>();
        services.AddSingleton<ImageProcessor>();
        services.AddHostedService<ImageProcessingService>();
        return services;
    }

    public static RouteGroupBuilder MapImages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auctions/{id:guid}/images").WithTags("Images");
        group.MapGet("", ListImages.HandleAsync).WithName("ListAuctionImages");
        group.MapPost("", UploadImages.HandleAsync).WithName("UploadAuctionImages").RequireAuthorization()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/order", ArrangeImages.ReorderAsync).WithName("ReorderAuctionImages").RequireAuthorization().ProducesValidationProblem();
        group.MapPost("/{imageId:guid}/cover", ArrangeImages.SetCoverAsync).WithName("SetAuctionCoverImage").RequireAuthorization();
        group.MapDelete("/{imageId:guid}", ArrangeImages.DeleteAsync).WithName("DeleteAuctionImage").RequireAuthorization();

        app.MapGet("/images/{name}", ServeImage.HandleAsync).WithTags("Images").WithName("GetImageFile");
        app.MapGet("/api/admin/image-flags", ImageFlags.ListAsync).WithTags("Admin").WithName("ListImageFlags")
            .RequireAuthorization("admin").ProducesValidationProblem();
        return group;
    }
}
