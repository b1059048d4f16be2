using System.Text.Json;
using Baton.Protocol;
using Baton.Protocol.Wire;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests.Wire;

/// <summary>The CLI's hand-written inject body is byte for byte what the serializer writes, so the daemon reads it the same.</summary>
public sealed class InjectRequestWriterTests
{
    public static TheoryData<string> Requests => new()
    {
        "minimal",
        "every field set",
        "text that needs escaping",
        "steer with a timeout of zero",
    };

    [Theory(Timeout = TestTimeouts.Short)]
    [MemberData(nameof(Requests))]
    public async Task Write_AnyRequest_SameBytesAsTheSerializer(string which)
    {
        await Task.Yield();
        var request = Request(which);

        var written = InjectRequestWriter.Write(request);

        Assert.Equal(JsonSerializer.Serialize(request, BatonJsonContext.Default.InjectRequest), System.Text.Encoding.UTF8.GetString(written));
        Assert.Equal(request, JsonSerializer.Deserialize(written, BatonJsonContext.Default.InjectRequest));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Write_Minimal_LeavesNullsOutAndWritesTheModeWord()
    {
        await Task.Yield();

        var written = System.Text.Encoding.UTF8.GetString(InjectRequestWriter.Write(Request("minimal")));

        Assert.Equal("""{"text":"hi","mode":"queue","wait":false,"resume":false,"hold":false,"createIfMissing":false,"ifRunning":false,"dryRun":false}""", written);
    }

    private static InjectRequest Request(string which) => which switch
    {
        "minimal" => new InjectRequest { Text = "hi" },
        "every field set" => EveryFieldSet.Of<InjectRequest>(),
        "text that needs escaping" => new InjectRequest { Text = "Training finished.\n\tRead \"logs/train.log\" \\ <b>é</b> \u0001 \U0001F680", HookName = "ci/red-build" },
        "steer with a timeout of zero" => new InjectRequest { Text = "x", Mode = DeliveryMode.Steer, TimeoutMs = 0, Wait = true },
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };
}
