using System.Text.Json;
using Baton.Protocol;
using Baton.Protocol.Wire;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests.Wire;

/// <summary>The CLI's hand-written receipt reader reads what the daemon's serializer writes, field for field, and nothing that is not a receipt.</summary>
public sealed class ReceiptReaderTests
{
    private const string Minimal = """{"messageId":"msg_1","status":"delivered","session":{"id":"s-1","agent":"codex"}}""";

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Read_EveryFieldSet_EqualsWhatWasSerialized()
    {
        await Task.Yield();
        var receipt = EveryFieldSet.Of<Receipt>();

        var read = ReceiptReader.Read(JsonSerializer.SerializeToUtf8Bytes(receipt, BatonJsonContext.Default.Receipt));

        Assert.Equal(receipt.Session, read.Session);
        Assert.Equal(receipt.Error, read.Error);
        Assert.Equal(receipt, read);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Read_Minimal_DefaultsAsTheSerializerDoes()
    {
        await Task.Yield();

        var read = ReceiptReader.Read(System.Text.Encoding.UTF8.GetBytes(Minimal));

        Assert.Equal(JsonSerializer.Deserialize(Minimal, BatonJsonContext.Default.Receipt), read);
        Assert.Equal(MessageStatus.Delivered, read.Status);
        Assert.Null(read.TurnId);
        Assert.Null(read.Session.Name);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Read_FieldsItDoesNotKnowAndEscapedNames_SkippedAndRead()
    {
        await Task.Yield();
        const string json = """
            { "futureField": {"nested": [1, {"a": null}], "s": "}"}, "message\u0049d": "msg_2", "status": "queu\u0065d",
              "session": {"id": "s-2", "agent": "codex", "state": "running", "queuedCount": 3, "extra": [true]},
              "mode": "steer", "messageStatus": null, "error": null, "turnId": null, "more": 1.5e3 }
            """;

        var read = ReceiptReader.Read(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(JsonSerializer.Deserialize(json, BatonJsonContext.Default.Receipt), read);
        Assert.Equal("msg_2", read.MessageId);
        Assert.Equal(MessageStatus.Queued, read.Status);
        Assert.Equal(3, read.Session.QueuedCount);
        Assert.Equal(DeliveryMode.Steer, read.Mode);
    }

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("""{"status":"delivered","session":{"id":"s","agent":"codex"}}""", "The receipt has no 'messageId'")]
    [InlineData("""{"messageId":"m","session":{"id":"s","agent":"codex"}}""", "The receipt has no 'status'")]
    [InlineData("""{"messageId":"m","status":"delivered"}""", "The receipt has no 'session'")]
    [InlineData("""{"messageId":"m","status":"delivered","session":{"agent":"codex"}}""", "The session has no 'id'")]
    [InlineData("""{"messageId":"m","status":"delivered","session":"s"}""", "Expected the session as a JSON object; got a JSON string")]
    [InlineData("""{"messageId":"m","status":"sent","session":{"id":"s","agent":"codex"}}""", "Expected the receipt's status to be one of queued, delivered")]
    [InlineData("""{"messageId":"m","status":"delivered","session":{"id":"s","agent":"codex","queuedCount":"3"}}""", "Expected the receipt's session.queuedCount to be a whole number; got '3'")]
    [InlineData("""{"messageId":7,"status":"delivered","session":{"id":"s","agent":"codex"}}""", "Expected the receipt's messageId to be a string; got a JSON number")]
    [InlineData("""{"messageId":"m","status":"delivered","session":{"id":"s","agent":"codex"},"acceptedAt":"yesterday"}""", "Expected the receipt's acceptedAt to be an ISO 8601 time")]
    [InlineData("""[]""", "Expected the receipt as a JSON object; got a JSON array")]
    public async Task Read_NotAReceipt_ThrowsNamingTheField(string json, string expected)
    {
        await Task.Yield();

        var error = Assert.Throws<JsonException>(() => ReceiptReader.Read(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith(expected, error.Message);
    }

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData(Minimal + " {}")]
    [InlineData("""{"messageId":"m","status":"delivered","session":{"id":"s","agent":"codex"}""")]
    public async Task Read_NotJsonOrCutShort_ThrowsJsonException(string json)
    {
        await Task.Yield();

        Assert.ThrowsAny<JsonException>(() => ReceiptReader.Read(System.Text.Encoding.UTF8.GetBytes(json)));
    }
}
