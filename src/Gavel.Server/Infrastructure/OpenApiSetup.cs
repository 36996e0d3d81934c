using Microsoft.OpenApi;

namespace Gavel.Server.Infrastructure;

internal static class OpenApiSetup
{
    /// <summary>
    /// The OpenAPI document is the API's full reference (API.md). Money is exact on the server, so a decimal is
    /// described as a number of format <c>decimal</c>, not the framework's <c>double</c>, which tells client
    /// generators to use a float.
    /// </summary>
    public static IServiceCollection AddGavelOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
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
        }));
}
