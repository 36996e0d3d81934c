using System.Security.Cryptography;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Idempotency;
using Gavel.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Infrastructure;

/// <summary>
/// Marks an endpoint as honouring the Idempotency-Key header (API.md). <see cref="ResultAt"/> is where a client finds
/// the result when the first answer was lost (route values in braces are filled in).
/// </summary>
internal sealed class IdempotentAttribute(string resultAt) : Attribute
{
    public string ResultAt { get; } = resultAt;
}

/// <summary>
/// Idempotency-Key on money-moving and bid requests (docs/adr/0013-idempotency-recovery-point.md). The key is claimed
/// first (a row with no response), so two concurrent requests with one key cannot both run. The request's change marks
/// the key applied in its own transaction (<see cref="IdempotencyRecoveryPoint"/>, or the bid batch), then the first
/// response is stored and replayed to every retry with the same body; the same key with another body is a 422.
/// A 5xx releases the key so the client may retry, unless the change had committed: then the key is kept and retries
/// answer 409 <c>idempotency_applied</c>. A claim with no answer after <see cref="IdempotencyOptions.Lease"/> was
/// abandoned (its process died): a retry takes it over and runs, or answers <c>idempotency_applied</c> if it was applied.
/// Keys are deleted after <see cref="IdempotencyOptions.Retention"/> (<see cref="IdempotencyPurge"/>).
/// </summary>
internal static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 255;
    private const int MaxStoredBody = 64 * 1024;

    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Retention > o.Lease, "Idempotency:Retention must be longer than Idempotency:Lease.").ValidateOnStart();
        services.AddSingleton<IdempotencyRecoveryPoint>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<IdempotencyRecoveryPoint>());
        services.AddSingleton<IdempotencyPurge>();
        services.AddHostedService<IdempotencyPurgeService>();
        return services;
    }

    /// <summary>Honours Idempotency-Key here; <paramref name="resultAt"/> is where the result can be fetched (e.g. <c>/api/auctions/{id}</c>).</summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder, string resultAt)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentAttribute(resultAt));

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null
            || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        await HandleAsync(context, next, values.ToString());
    });

    private static async Task HandleAsync(HttpContext context, RequestDelegate next, string key)
    {
        if (key.Length is 0 or > MaxKeyLength)
        {
            await IdempotencyAnswers.WriteProblemAsync(
                context, 400, "invalid_idempotency_key", "Invalid Idempotency-Key.", $"The {Header} header must be 1 to {MaxKeyLength} characters.");
            return;
        }

        var userId = context.User.GetUserId();
        var hash = await HashRequestAsync(context.Request);
        var db = context.RequestServices.GetRequiredService<GavelDbContext>();
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        var lease = context.RequestServices.GetRequiredService<IOptions<IdempotencyOptions>>().Value.Lease;
        var (claim, existing) = await IdempotencyClaiming.ClaimAsync(context, db, userId, key, hash, clock, lease);
        if (claim is null)
        {
            await IdempotencyAnswers.AnswerAsync(context, existing, hash, clock.GetUtcNow() - lease);
            return;
        }

        await RunAndRecordAsync(context, next, db, claim);
    }

    private static async Task RunAndRecordAsync(HttpContext context, RequestDelegate next, GavelDbContext db, IdempotencyClaim claim)
    {
        // The first answer is what every retry with this key gets, so the request runs to its real end even if the
        // client has gone: a client that gives up and retries is what the key is for. Cancelled, a group-committed bid
        // would stop waiting for a batch that then commits it, and its retry would get 409 idempotency_applied instead of
        // its receipt; a JSON answer written to an aborted request is silently left empty and would be stored that way.
        context.RequestAborted = CancellationToken.None;
        var recoveryPoint = context.RequestServices.GetRequiredService<IdempotencyRecoveryPoint>();
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var status = 500;
        recoveryPoint.Arm(db, claim);
        try
        {
            try
            {
                await next(context);
            }
            catch (GavelRuleException rule) when (!context.Response.HasStarted)
            {
                // A broken rule is a real first answer (409/422): store it like any other.
                context.Response.StatusCode = rule.Status;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = GavelExceptionHandler.FromRule(rule),
                });
            }

            status = context.Response.StatusCode;
        }
        finally
        {
            recoveryPoint.Disarm(db);
            context.Response.Body = original;
            buffer.Position = 0;
            if (status >= 500 || buffer.Length > MaxStoredBody)
            {
                await ReleaseUnlessAppliedAsync(context, db, claim);
            }
            else
            {
                var body = buffer.ToArray();
                var contentType = context.Response.ContentType;
                var location = context.Response.Headers.Location.ToString();
                try
                {
                    await db.WriteAsync(token => claim.Record(db).ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.StatusCode, status)
                        .SetProperty(r => r.ResponseBody, body)
                        .SetProperty(r => r.ContentType, contentType)
                        .SetProperty(r => r.Location, location.Length == 0 ? null : location), token), CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // The request's own answer is real (its change, if any, has committed): the client gets it rather
                    // than a 5xx that says nothing happened. Only a retry loses out: in progress until the lease ends,
                    // then "applied" if the request changed something, or run again if it changed nothing.
                    context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Idempotency).FullName!).LogWarning(
                        ex, "The answer to {Method} {Path} could not be stored under its Idempotency-Key; it is sent all the same",
                        context.Request.Method, context.Request.Path);
                }
            }

            await buffer.CopyToAsync(original, CancellationToken.None);
        }
    }

    /// <summary>
    /// A request with no answer to keep: its key is released for a retry if its change did not commit; if it did, the key
    /// keeps, as its answer, 409 idempotency_applied, so the change is never made twice. "Did it commit" is asked of the
    /// database, in the DELETE's own condition: the request cannot know when a commit's reply was lost.
    /// </summary>
    private static async Task ReleaseUnlessAppliedAsync(HttpContext context, GavelDbContext db, IdempotencyClaim claim)
    {
        var (body, contentType) = await IdempotencyAnswers.RenderAppliedAsync(context);
        await db.WriteAsync(async token =>
        {
            if (await claim.Record(db).Where(r => r.AppliedAt == null).ExecuteDeleteAsync(token) > 0)
            {
                return true;
            }

            await claim.Record(db).Where(r => r.StatusCode == null).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StatusCode, StatusCodes.Status409Conflict)
                .SetProperty(r => r.ResponseBody, body)
                .SetProperty(r => r.ContentType, contentType), token);
            return false;
        }, CancellationToken.None);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
