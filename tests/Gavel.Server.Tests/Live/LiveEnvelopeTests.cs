using System.Text.Json;
using Gavel.Images;
using Gavel.Server.Features.Images;
using Gavel.Server.Features.Live;

namespace Gavel.Server.Tests.Live;

/// <summary>What one node relays to the others over Redis reads back as the same event, whatever its type.</summary>
public sealed class LiveEnvelopeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 20, 15, 30, 123, TimeSpan.Zero);

    public static TheoryData<string, object> Events() => new()
    {
        { "auction", new AuctionUpdate(Guid.NewGuid(), 7, "live", 123.45m, 3, "b***r", At.AddHours(1), 500m, true, null, At) },
        { "auction ended", new AuctionUpdate(Guid.NewGuid(), 9, "ended", 0.01m, 1, null, At, null, false, 0.01m, At) },
        {
            "notification",
            new NotificationCommitted(
                Guid.NewGuid(), new NotificationMessage(Guid.NewGuid(), "outbid", Guid.NewGuid(), "Outbid", "Bid again", """{"price":12.5}""", At), true, false)
        },
        { "notifications read", new NotificationsRead(Guid.NewGuid()) },
        { "user suspended", new UserSuspended(Guid.NewGuid()) },
        {
            "photo",
            new PhotoChanged(Guid.NewGuid(), new PhotoUpdate(Guid.NewGuid(), Guid.NewGuid(), "ready", null, [new QualityTip("dark", "Too dark")], "data:image/jpeg;base64,AA==", At))
        },
        { "photo failed", new PhotoChanged(Guid.NewGuid(), new PhotoUpdate(Guid.NewGuid(), Guid.NewGuid(), "failed", "Not an image", [], null, At)) },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void EveryEventTypeRoundTripsWithItsSender(string name, object message)
    {
        var node = Guid.NewGuid();

        var read = LiveEnvelope.Read(LiveEnvelope.Write(node, message));

        Assert.True(read is not null, $"The {name} did not read back.");
        Assert.Equal(node, read.Value.Node);
        Assert.IsType(message.GetType(), read.Value.Message);
        Assert.Equal(Canonical(message), Canonical(read.Value.Message));
        if (message is not PhotoChanged)
        {
            Assert.Equal(message, read.Value.Message); // record equality; a photo's tip list compares by reference
        }
    }

    [Fact]
    public void ATypeThisNodeDoesNotKnowReadsAsNothingAndMalformedJsonThrows()
    {
        var unknown = """{"node":"6f1c2b2e-6a5e-4f5e-9a57-0f8b7a9c1d2e","type":"bid-retracted","body":{}}""";
        Assert.Null(LiveEnvelope.Read(unknown));
        Assert.ThrowsAny<JsonException>(() => LiveEnvelope.Read("not json"));
        Assert.Throws<ArgumentException>(() => LiveEnvelope.Write(Guid.NewGuid(), "a string"));
    }

    private static string Canonical(object message) => JsonSerializer.Serialize(message, message.GetType());
}
