using Microsoft.OpenApi;

namespace Gavel.Server.Infrastructure;

internal static class OpenApiSetup
{
    /// <summary>
    /// The OpenAPI document is the API's full reference (API.md). Money is exact on the server, so a decimal is
    /// described as a number of format <c>decimal</c>, not the framework's <c>double</c>, which tells client
    /// generators to use a float. Operations that honour Idempotency-Key declare the header.
    /// </summary>
    public static IServiceCollection AddGavelOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(decimal) || context.JsonTypeInfo.Type == typeof(decimal?))
            {
                schema.Format = "decimal";
            }

            // UtcTimes is a custom converter, which leaves the schema open: say what it reads and writes.
            if (context.JsonTypeInfo.Type == typeof(DateTimeOffset) || context.JsonTypeInfo.Type == typeof(DateTimeOffset?))
            {
                schema.Type = context.JsonTypeInfo.Type == typeof(DateTimeOffset) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                schema.Format = "date-time";
            }

            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentAttribute>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = Idempotency.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Any string up to 255 characters. A retry with the same key and body returns the first response and "
                        + "does nothing again; the same key with another body is a 422. While the first request runs: 409 "
                        + "idempotency_in_progress. If it was applied but its answer was lost: 409 idempotency_applied, with resultAt "
                        + "to fetch. Keys are kept for Idempotency:Retention (24 hours); a retry after that is a new request.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255, MinLength = 1 },
                });
            }

            return Task.CompletedTask;
        });
    });
}
