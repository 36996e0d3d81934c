using MessagePack;
using MessagePack.Formatters;

namespace Gavel.Server.Features.Live;

/// <summary>
/// Writes a time as the MessagePack timestamp extension (UTC), the one date type every MessagePack library reads
/// (a JavaScript client gets a Date). The library's own DateTimeOffset form, a [DateTime, offset minutes] pair, is
/// known only to .NET. Public because MessagePack instantiates it from the attribute on the hub contracts.
/// </summary>
public sealed class UtcTimestampFormatter : IMessagePackFormatter<DateTimeOffset>
{
    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options) =>
        writer.Write(value.UtcDateTime);

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        new(DateTime.SpecifyKind(reader.ReadDateTime(), DateTimeKind.Utc));
}
