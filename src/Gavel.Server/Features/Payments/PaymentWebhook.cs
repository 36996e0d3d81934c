using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gavel.Core.Payments;
using Gavel.Core.Wallet;
using Gavel.Server.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Payments;

public sealed class PaymentWebhookOptions
{
    public const string Section = "Payments";

    /// <summary>Shared secret the provider signs callbacks with (HMAC-SHA256). Unset: the webhook is off (404).</summary>
    public string? WebhookSecret { get; set; }
}

/// <summary>A provider's report on a pending payment.</summary>
public sealed record PaymentCallback
{
    [Required]
    public Guid? PaymentId { get; init; }

    /// <summary>deposit or withdrawal.</summary>
    [Required]
    [AllowedValues("deposit", "withdrawal")]
    public string? Kind { get; init; }

    /// <summary>settled or failed.</summary>
    [Required]
    [AllowedValues("settled", "failed")]
    public string? Status { get; init; }

    [Required]
    [StringLength(100, MinimumLength = 1)]
    public string? Reference { get; init; }

    [StringLength(200)]
    public string? FailureReason { get; init; }
}

internal sealed record CallbackOutcome(bool Applied);

/// <summary>
/// POST /api/payments/webhook: how a real provider settles what it first answered as pending. The body is
/// authenticated by an HMAC-SHA256 signature in the Gavel-Signature header (hex), and applying it is guarded
/// on the payment still being pending, so a callback delivered twice moves money once.
/// </summary>
internal static class PaymentWebhook
{
    public const string SignatureHeader = "Gavel-Signature";

    public static void MapPayments(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/payments/webhook", HandleAsync).WithTags("Payments").WithName("PaymentWebhook").AllowAnonymous();

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static async Task<Results<Ok<CallbackOutcome>, NotFound, UnauthorizedHttpResult, ValidationProblem>> HandleAsync(
        HttpRequest request, IOptions<PaymentWebhookOptions> options, WalletOperations wallet, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.Value.WebhookSecret))
        {
            return TypedResults.NotFound();
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var expected = Sign(options.Value.WebhookSecret, buffer.ToArray());
        var given = request.Headers[SignatureHeader].ToString();
        if (given.Length != expected.Length
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given.ToUpperInvariant()), Encoding.ASCII.GetBytes(expected)))
        {
            return TypedResults.Unauthorized();
        }

        PaymentCallback? callback;
        try
        {
            callback = JsonSerializer.Deserialize<PaymentCallback>(buffer.ToArray(), JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [ex.Message] });
        }

        var errors = new List<ValidationResult>();
        if (callback is null || !Validator.TryValidateObject(callback, new ValidationContext(callback), errors, validateAllProperties: true))
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.MemberNames.FirstOrDefault() ?? "body", e => new[] { e.ErrorMessage ?? "Invalid." }));
        }

        var result = new ProviderResult(
            callback.Status == "settled" ? ProviderStatus.Settled : ProviderStatus.Failed, callback.Reference!, callback.FailureReason);
        var applied = callback.Kind == "deposit"
            ? await wallet.ApplyDepositResultAsync(callback.PaymentId!.Value, result, ct)
            : await wallet.ApplyWithdrawalResultAsync(callback.PaymentId!.Value, result, ct);
        return TypedResults.Ok(new CallbackOutcome(applied));
    }
}

internal static class PaymentSetup
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentWebhookOptions>().BindConfiguration(PaymentWebhookOptions.Section);
        services.AddOptions<PaymentReconcilerOptions>().BindConfiguration(PaymentReconcilerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PaymentReconciler>();
        services.AddHostedService<PaymentReconcilerService>();
        return services;
    }
}
