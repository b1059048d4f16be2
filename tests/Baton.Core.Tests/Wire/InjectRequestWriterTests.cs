using System.Text.Json;
using Baton.Protocol;
using Baton.Protocol.Wire;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests.Wire;

/// <summary>
/// The CLI's hand-written inject body reads back as the request it was made from, with the serializer's fields in
/// the serializer's order, so the daemon reads it the same.
/// </summary>
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
    public async Task Write_AnyRequest_ReadsBackAsTheSameRequestWithTheSerializersFieldsInOrder(string which)
    {
        await Task.Yield();
        var request = Request(which);

        var written = InjectRequestWriter.Write(request);

        Assert.Equal(request, JsonSerializer.Deserialize(written, BatonJsonContext.Default.InjectRequest));
        Assert.Equal(Fields(JsonSerializer.SerializeToUtf8Bytes(request, BatonJsonContext.Default.InjectRequest)), Fields(written));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Write_EveryAsciiCharacterAndBeyond_EscapesOnlyWhatJsonRequires()
    {
        await Task.Yield();
        var text = new string([.. Enumerable.Range(0, 128).Select(c => (char)c)]) + "é ✓ \u2028 \u2029 \U0001F680 <script>&'+`";

        var written = InjectRequestWriter.Write(new InjectRequest { Text = text });
        var json = System.Text.Encoding.UTF8.GetString(written);

        Assert.Equal(text, JsonSerializer.Deserialize(written, BatonJsonContext.Default.InjectRequest)!.Text);
        Assert.DoesNotContain(json, c => c < 0x20);
        Assert.Contains("\\u0000\\u0001", json, StringComparison.Ordinal);
        Assert.Contains("\\t\\n", json, StringComparison.Ordinal);
        Assert.Contains("!\\\"#", json, StringComparison.Ordinal);
        Assert.Contains("[\\\\]", json, StringComparison.Ordinal);
        Assert.Contains("é ✓", json, StringComparison.Ordinal);
        Assert.Contains("\U0001F680 <script>&'+`", json, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Write_Minimal_LeavesNullsOutAndWritesTheModeWord()
    {
        await Task.Yield();

        var written = System.Text.Encoding.UTF8.GetString(InjectRequestWriter.Write(Request("minimal")));

        Assert.Equal("""{"text":"hi","mode":"queue","wait":false,"resume":false,"hold":false,"createIfMissing":false,"ifRunning":false,"dryRun":false}""", written);
    }

    /// <summary>Each field's name and value as read (escapes resolved), in the order written.</summary>
    private static List<(string Name, string Value)> Fields(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))];
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
