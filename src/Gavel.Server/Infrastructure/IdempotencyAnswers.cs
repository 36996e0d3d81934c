using System.Text.RegularExpressions;
using Gavel.Core.Idempotency;

namespace Gavel.Server.Infrastructure;

/// <summary>What a request whose Idempotency-Key is already taken is answered (<see cref="Idempotency"/>).</summary>
internal static partial class IdempotencyAnswers
{
    /// <summary>
    /// Answers from the key's record: 422 for another request, the stored first answer, 409 idempotency_applied for an
    /// applied claim abandoned before it answered (claimed before <paramref name="abandonedBefore"/>), else 409
    /// idempotency_in_progress.
    /// </summary>
    public static async Task AnswerAsync(HttpContext context, IdempotencyRecord? record, string hash, DateTimeOffset abandonedBefore)
    {
        if (record is not null && record.RequestHash != hash)
        {
            await WriteProblemAsync(context, 422, "idempotency_key_reused", "Idempotency-Key reused with a different request.",
                "This key was already used for a different request; use a new key for a new request.");
            return;
        }

        if (record is { StatusCode: { } status })
        {
            await ReplayAsync(context, record, status);
            return;
        }

        if (record is { AppliedAt: not null } && record.CreatedAt <= abandonedBefore)
        {
            await WriteProblemAsync(context, Applied(context));
            return;
        }

        context.Response.Headers.RetryAfter = "1";
        await WriteProblemAsync(context, 409, "idempotency_in_progress", "The first request with this key is still running.",
            "Retry shortly to get its result.");
    }

    /// <summary>The 409 idempotency_applied answer, rendered to store as a key's answer.</summary>
    public static async Task<(byte[] Body, string? ContentType)> RenderAppliedAsync(HttpContext context)
    {
        var scratch = new DefaultHttpContext { RequestServices = context.RequestServices };
        scratch.Request.Method = context.Request.Method;
        scratch.Request.Path = context.Request.Path;
        using var body = new MemoryStream();
        scratch.Response.Body = body;
        await WriteProblemAsync(scratch, Applied(context));
        return (body.ToArray(), scratch.Response.ContentType);
    }

    public static Task WriteProblemAsync(HttpContext context, int status, string code, string title, string detail) =>
        WriteProblemAsync(context, ErrorHandling.Problem(status, code, title, detail));

    private static Task WriteProblemAsync(HttpContext context, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        }).AsTask();
    }

    /// <summary>The change is done but its answer is gone: say where to look, and never do it again.</summary>
    private static Microsoft.AspNetCore.Mvc.ProblemDetails Applied(HttpContext context)
    {
        var template = context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>()?.ResultAt ?? "/api/me";
        var resultAt = RouteValue().Replace(template, m => context.Request.RouteValues.TryGetValue(m.Groups[1].Value, out var v) ? v?.ToString() ?? "" : m.Value);
        var problem = ErrorHandling.Problem(409, "idempotency_applied", "The first request with this key was applied, but its answer was lost.",
            $"Fetch {resultAt} to see the result. A retry with this key does nothing again.");
        problem.Extensions["resultAt"] = resultAt;
        return problem;
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, int status)
    {
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

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteValue();
}
