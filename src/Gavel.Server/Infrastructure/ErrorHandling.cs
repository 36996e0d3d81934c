using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Gavel.Core.Common;
using Gavel.Core.Data;
using Microsoft.AspNetCore.Diagnostics;

using Microsoft.AspNetCore.Mvc;

namespace Gavel.Server.Infrastructure;

internal static class ErrorHandling
{
    /// <summary>Every error is RFC 9457 ProblemDetails with a stable <c>code</c>; nothing a client sends can cause a 5xx.</summary>
    public static IServiceCollection AddGavelErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Extensions.TryAdd("code", DefaultCode(status));

            // API.md promises a detail on every error; the framework's own problems (401, 404, 405, 415, validation) have none.
            problem.Detail ??= DefaultDetail(status, problem, context.HttpContext.Request.Method);
            problem.Extensions.Remove("traceId");
            problem.Instance ??= context.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<GavelExceptionHandler>();

        // Bad JSON becomes an exception the handler turns into a 400 that says what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));

            // Money and counts are JSON numbers (API.md); the web defaults would also read "5" and make the OpenAPI
            // document describe every number as number-or-string.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new UtcTimes());

            // Validation errors are keyed by field; clients send camelCase, so name the fields as they do.
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        });
        services.Configure<ExceptionHandlerOptions>(o => o.SuppressDiagnosticsCallback = c =>
            c.Exception is BadHttpRequestException or GavelRuleException || DatabaseFailures.IsUnavailable(c.Exception));
        return services;
    }

    public static string DefaultCode(int status) => status switch
    {
        400 => "invalid_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "rate_limited",
        _ when status >= 500 => "server_error",
        _ => "error",
    };

    public static string DefaultDetail(int status, ProblemDetails problem, string method) => problem switch
    {
        HttpValidationProblemDetails { Errors.Count: > 0 } invalid =>
            $"Correct these fields and send the request again: {string.Join(", ", invalid.Errors.Keys.Select(JsonNamingPolicy.CamelCase.ConvertName))}.",
        _ => status switch
        {
            400 => "The request could not be read; check its parameters and body.",
            401 => "Sign in and send the access token as 'Authorization: Bearer <accessToken>'; it is missing, expired or not valid.",
            403 => "You are signed in but may not do this: it belongs to someone else or needs another role.",
            404 => "There is nothing at this address; check the path and the id.",
            405 => $"This address does not accept {method}; the Allow header lists the methods it does.",
            413 => "The request body is larger than this endpoint accepts.",
            415 => "Send the body as JSON with the header 'Content-Type: application/json'.",
            429 => "Too many requests; wait as long as the Retry-After header says and try again.",
            >= 500 => "The error has been logged. Please try again; nothing was changed if the request failed.",
            _ => problem.Title ?? "The request failed.",
        },
    };

    /// <summary>A ProblemDetails with a code, for handlers to return as union members.</summary>
    public static ProblemDetails Problem(int status, string code, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };
}

internal sealed partial class GavelExceptionHandler(IProblemDetailsService problems, ILogger<GavelExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            GavelRuleException rule => FromRule(rule),
            BadHttpRequestException { InnerException: JsonException { Path: { } path } json } when FieldOf(path) is { } field =>
                Invalid(field, json.Message.StartsWith(UtcTimes.Expected, StringComparison.Ordinal)
                    ? UtcTimes.Expected
                    : "This value has the wrong type or format; the OpenAPI document gives each field's type."),
            BadHttpRequestException bad when UnboundParameter().Match(bad.Message) is { Success: true } unbound => Invalid(
                JsonNamingPolicy.CamelCase.ConvertName(unbound.Groups["name"].Value),
                $"'{Shorten(unbound.Groups["value"].Value)}' is not a valid value here; the OpenAPI document gives each parameter's type."),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == 413 ? "The request is too large." : "The request could not be read.",
                Detail = bad.InnerException is JsonException json ? UnreadableBody(json)
                    : bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) ? "This request needs a JSON body; the OpenAPI document lists its fields."
                    : bad.Message,
                Extensions = { ["code"] = bad.StatusCode == 413 ? "payload_too_large" : "invalid_request" },
            },
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ when DatabaseFailures.IsUnavailable(exception) => DatabaseUnavailable(httpContext, exception),
            _ => null,
        };

        if (problem is null)
        {
            if (!httpContext.RequestAborted.IsCancellationRequested)
            {
                logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            }

            problem = new ProblemDetails
            {
                Status = 500,
                Title = "Something went wrong on our side.",
                Detail = "The error has been logged. Please try again; nothing was changed if the request failed.",
                Extensions = { ["code"] = "server_error" },
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The database is away (restarting, failing over, unreachable) or busy: not our bug and not the client's, so a 503
    /// that says when to try again, logged as a warning. The detail promises nothing about the change: a commit whose
    /// reply was lost with the connection may have taken effect (a bid's is checked, docs/adr/0010, when the check
    /// reaches the database), as with any 5xx (docs/adr/0012-database-outages.md).
    /// </summary>
    private ProblemDetails DatabaseUnavailable(HttpContext httpContext, Exception exception)
    {
        LogDatabaseUnavailable(httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = 503,
            Title = "The database is unavailable for a moment.",
            Detail = $"The service could not reach its database; this is usually over in seconds. Try again after {RetryAfterSeconds} seconds "
                + "(the Retry-After header).",
            Extensions = { ["code"] = "database_unavailable" },
        };
    }

    /// <summary>Long enough for a restart or failover to finish, short enough that clients come back soon after.</summary>
    private const int RetryAfterSeconds = 5;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable; answered {Method} {Path} with 503: {Reason}")]
    private partial void LogDatabaseUnavailable(string method, string path, string reason);

    /// <summary>
    /// Where and what, in the client's terms: the framework's own message names the handler's .NET parameter and type
    /// ("Failed to read parameter \"CreateAuctionRequest request\"..."), which means nothing to a client.
    /// </summary>
    private static string UnreadableBody(JsonException json) =>
        "The body could not be read as the JSON object this request takes"
        + (json.LineNumber is { } line && json.BytePositionInLine is { } position ? $" (stopped at line {line + 1}, byte {position + 1})" : "")
        + ": check that it is complete, valid JSON, and an object with the fields the OpenAPI document lists.";

    private static HttpValidationProblemDetails Invalid(string field, string error) => new(new Dictionary<string, string[]> { [field] = [error] })
    {
        Status = 400,
        Title = "One or more validation errors occurred.",
        Extensions = { ["code"] = "invalid_request" }, // the detail, naming the field, comes from DefaultDetail as for every validation problem
    };

    /// <summary>Minimal APIs say a query or route value failed to bind only in words: <c>Failed to bind parameter "Nullable&lt;int&gt; Page" from "abc".</c></summary>
    [GeneratedRegex("""^Failed to bind parameter "[^"]* (?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex UnboundParameter();

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    /// <summary>The field a JSON read error is in (<c>$.condition</c> is <c>condition</c>); null when it is the body as a whole.</summary>
    private static string? FieldOf(string path) => path.StartsWith("$.", StringComparison.Ordinal) && path.Length > 2 ? path[2..] : null;

    public static ProblemDetails FromRule(GavelRuleException rule)
    {
        var problem = new ProblemDetails
        {
            Status = rule.Status,
            Title = Titles.GetValueOrDefault(rule.Code, "The request breaks a rule."),
            Detail = rule.Message,
            Extensions = { ["code"] = rule.Code },
        };
        foreach (var (key, value) in rule.Extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["bid_too_low"] = "The bid is below the minimum.",
        ["insufficient_funds"] = "Not enough available funds.",
        ["auction_not_live"] = "The auction is not taking bids.",
        ["own_auction"] = "You cannot bid on your own auction.",
        ["auction_has_bids"] = "The auction already has bids.",
        ["listing_has_bids"] = "The listing is locked by its bids.",
        ["invalid_prices"] = "The prices do not fit together.",
        ["auction_too_short"] = "The auction is too short.",
        ["buy_now_unavailable"] = "Buy-now is not offered.",
        ["invalid_state"] = "The auction is not in a state that allows this.",
        ["too_many_listings"] = "You have too many open listings.",
    };
}
