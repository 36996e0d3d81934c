using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Gavel.Server.Infrastructure;

/// <summary>
/// API.md: times are ISO 8601 UTC. A time sent without a zone (<c>2026-06-01T12:00:00</c>) would be read in the
/// server's own time zone, so it is refused; any zone is accepted and converted. Times are always written in UTC.
/// </summary>
internal sealed partial class UtcTimes : JsonConverter<DateTimeOffset>
{
    public const string Expected = "A time must be ISO 8601 with a zone, e.g. 2026-06-01T12:00:00Z.";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value) || !Zoned().IsMatch(reader.GetString()!))
        {
            throw new JsonException(Expected);
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime());

    [GeneratedRegex(@"T.*([Zz]|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex Zoned();
}
