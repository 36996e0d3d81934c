using System.Security.Cryptography;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Gavel.Core.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Server.Infrastructure;

/// <summary>Marks an endpoint as honouring the Idempotency-Key header (API.md).</summary>
internal sealed class IdempotentAttribute : Attribute;

/// <summary>
/// Idempotency-Key on money-moving and bid requests. The key is claimed first (a row with no response), so
/// two concurrent requests with one key cannot both run; the first response is then stored and replayed to
/// every retry with the same body. The same key with another body is a 422. A request that failed with a
/// 5xx releases its key so the client may retry.
/// </summary>
internal static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 255;
    private const int MaxStoredBody = 64 * 1024;

    public static IServiceCollection AddIdempotency(this IServiceCollection services) => services;

    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentAttribute());

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
            await WriteProblemAsync(context, 400, "invalid_idempotency_key", "Invalid Idempotency-Key.", $"The {Header} header must be 1 to {MaxKeyLength} characters.");
            return;
        }

        var userId = context.User.GetUserId();
        var hash = await HashRequestAsync(context.Request);
        var db = context.RequestServices.GetRequiredService<GavelDbContext>();
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, context.RequestAborted);
        if (existing is null && !await TryClaimAsync(db, new IdempotencyRecord { UserId = userId, Key = key, RequestHash = hash, CreatedAt = clock.GetUtcNow() }, context.RequestAborted))
        {
            existing = await db.IdempotencyRecords.AsNoTracking().FirstAsync(r => r.UserId == userId && r.Key == key, context.RequestAborted);
        }

        if (existing is not null)
        {
            await ReplayAsync(context, existing, hash);
            return;
        }

        await RunAndRecordAsync(context, next, db, userId, key);
    }

    private static async Task RunAndRecordAsync(HttpContext context, RequestDelegate next, GavelDbContext db, Guid userId, string key)
    {
        // The first answer is what every retry with this key gets, so the request runs to its real end even if the
        // client has gone: a client that gives up and retries is what the key is for. Cancelled, a group-committed bid
        // stops waiting for a batch that then commits it, and the 5xx releases the key for a second bid; a JSON
        // answer written to an aborted request is silently left empty and would be stored that way.
        context.RequestAborted = CancellationToken.None;
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var status = 500;
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
            context.Response.Body = original;
            buffer.Position = 0;
            var record = db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key);
            if (status >= 500 || buffer.Length > MaxStoredBody)
            {
                await db.WriteAsync(token => record.ExecuteDeleteAsync(token), CancellationToken.None);
            }
            else
            {
                var body = buffer.ToArray();
                var contentType = context.Response.ContentType;
                var location = context.Response.Headers.Location.ToString();
                await db.WriteAsync(token => record.ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.StatusCode, status)
                    .SetProperty(r => r.ResponseBody, body)
                    .SetProperty(r => r.ContentType, contentType)
                    .SetProperty(r => r.Location, location.Length == 0 ? null : location), token), CancellationToken.None);
            }

            await buffer.CopyToAsync(original, CancellationToken.None);
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash)
        {
            await WriteProblemAsync(context, 422, "idempotency_key_reused", "Idempotency-Key reused with a different request.",
                "This key was already used for a different request; use a new key for a new request.");
            return;
        }

        if (record.StatusCode is not { } status)
        {
            context.Response.Headers.RetryAfter = "1";
            await WriteProblemAsync(context, 409, "idempotency_in_progress", "The first request with this key is still running.",
                "Retry shortly to get its result.");
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.Location is not null)
        {
            context.Response.Headers.Location = record.Location;
        }

        if (record.ContentType is not null)
        {
            context.Response.ContentType = record.ContentType;
        }

        if (record.ResponseBody is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static async Task<bool> TryClaimAsync(GavelDbContext db, IdempotencyRecord record, CancellationToken ct)
    {
        try
        {
            return await db.WriteAsync(_ =>
            {
                db.IdempotencyRecords.Add(record);
                return Task.FromResult(true);
            }, ct);
        }
        catch (DbUpdateException ex) when (!DatabaseFailures.IsUnavailable(ex))
        {
            // Another request claimed the key first. (A save that failed because the database is away or busy claimed
            // nothing and has no first request to replay: it goes on up as a 503.)
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
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

    private static Task WriteProblemAsync(HttpContext context, int status, string code, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ErrorHandling.Problem(status, code, title, detail),
        }).AsTask();
    }
}
