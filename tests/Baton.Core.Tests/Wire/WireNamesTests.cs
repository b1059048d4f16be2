using System.Text.Json;
using Baton.Protocol;
using Baton.Protocol.Wire;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests.Wire;

/// <summary>The wire enums' names in JSON: every member has its contract word, and nothing else is read as one.</summary>
public sealed class WireNamesTests
{
    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Serialize_EveryMember_WritesItsWireNameAndReadsBack()
    {
        await Task.Yield();

        AssertRoundTrips(WireNames.Modes, BatonJsonContext.Default.DeliveryMode);
        AssertRoundTrips(WireNames.Statuses, BatonJsonContext.Default.MessageStatus);
        AssertRoundTrips(WireNames.States, BatonJsonContext.Default.SessionState);
        AssertRoundTrips(WireNames.EventTypes, BatonJsonContext.Default.SessionEventType);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Names_AreTheContractsWords()
    {
        await Task.Yield();

        Assert.Equal(["queue", "steer", "interrupt"], WireNames.Modes.Names);
        Assert.Equal(["queued", "delivered", "completed", "failed", "interrupted", "held", "skipped", "timeout", "dry-run"], WireNames.Statuses.Names);
        Assert.Equal(["idle", "running", "stored"], WireNames.States.Names);
        Assert.Equal(["state", "turnStarted", "userMessage", "agentDelta", "agentMessage", "turnEnded", "waitingForPerson"], WireNames.EventTypes.Names);
    }

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("""{"text":"hi","mode":7}""", "got a JSON number")]
    [InlineData("""{"text":"hi","mode":"2"}""", "got '2'")]
    [InlineData("""{"text":"hi","mode":"steer, interrupt"}""", "got 'steer, interrupt'")]
    [InlineData("""{"text":"hi","mode":"Steer"}""", "got 'Steer'")]
    [InlineData("""{"text":"hi","mode":" steer"}""", "got ' steer'")]
    [InlineData("""{"text":"hi","mode":null}""", "got a JSON null")]
    public async Task Deserialize_AnythingButAWireName_IsRefusedWithTheNamesAndThePath(string json, string got)
    {
        await Task.Yield();

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, BatonJsonContext.Default.InjectRequest));

        Assert.Equal($"Expected one of queue, steer, interrupt; {got}.", error.Message);
        Assert.Equal("$.mode", error.Path);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Deserialize_EscapedWireName_IsRead()
    {
        await Task.Yield();

        var request = JsonSerializer.Deserialize("""{"text":"hi","mode":"st\u0065er"}""", BatonJsonContext.Default.InjectRequest);

        Assert.Equal(DeliveryMode.Steer, request!.Mode);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Serialize_ValueWithoutAName_Throws()
    {
        await Task.Yield();

        Assert.Throws<ArgumentOutOfRangeException>(() => JsonSerializer.Serialize((MessageStatus)42, BatonJsonContext.Default.MessageStatus));
    }

    private static void AssertRoundTrips<TEnum>(WireNameTable<TEnum> names, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TEnum> info)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var json = JsonSerializer.Serialize(value, info);
            Assert.Equal($"\"{names.NameOf(value)}\"", json);
            Assert.Equal(value, JsonSerializer.Deserialize(json, info));
        }
    }
}
