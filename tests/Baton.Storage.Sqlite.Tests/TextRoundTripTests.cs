using System.Text;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

public sealed class TextRoundTripTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Keyed by a short name so the test list and failures stay readable; the 1 MiB text is built once.
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["multi-line"] = "first line\nsecond\r\nthird after CRLF\rfourth after CR\n\n\ttabbed\n",
        ["emoji"] = "ship it 🚀 family 👩‍👩‍👧‍👦 flag 🏳️‍🌈 skin 👍🏽",
        ["cjk"] = "修复测试 テストを直して 테스트를 고쳐 줘",
        ["combining-marks"] = "e\u0301 is not \u00e9; Z\u0351\u0352a\u0353l\u0354g\u0355o; \u0915\u094d\u0937",
        ["quotes-and-sql"] = "it's \"quoted\" `ticked` 'single'; DROP TABLE messages; -- $text ?1 :name @p",
        ["controls-and-nul"] = "a\0b\u0001c \u001b[31mred\u001b[0m \u007f",
        ["bidi-and-bom"] = "\uFEFFשלום مرحبا\u200F end",
        ["edge-whitespace"] = "  leading and trailing spaces  \n",
        ["empty"] = "",
        ["one-mebibyte"] = OneMebibyte(),
    };

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("multi-line")]
    [InlineData("emoji")]
    [InlineData("cjk")]
    [InlineData("combining-marks")]
    [InlineData("quotes-and-sql")]
    [InlineData("controls-and-nul")]
    [InlineData("bidi-and-bom")]
    [InlineData("edge-whitespace")]
    [InlineData("empty")]
    [InlineData("one-mebibyte")]
    public async Task InsertAsync_Text_ComesBackOrdinallyEqual(string name)
    {
        var text = Texts[name];
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message(text: text) with { Reply = text, ErrorMessage = text, HookName = text, SessionName = text };

        await test.Store.InsertAsync(message, Token);
        await test.ReopenAsync();

        var read = (await test.Store.GetAsync(message.Id, Token))!;
        AssertSame(text, read.Text);
        AssertSame(text, read.Reply!);
        AssertSame(text, read.ErrorMessage!);
        AssertSame(text, read.HookName!);
        AssertSame(text, read.SessionName!);
    }

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("emoji")]
    [InlineData("combining-marks")]
    [InlineData("quotes-and-sql")]
    public async Task UpsertSessionAsync_NameAndCwd_ComeBackOrdinallyEqual(string name)
    {
        var text = Texts[name];
        await using var test = await TestStore.OpenAsync();

        await test.Store.UpsertSessionAsync(new Baton.Core.Sessions.AgentSession("codex", text, text, Baton.Protocol.SessionState.Idle, text), Token);

        var session = Assert.Single(await test.Store.ListKnownSessionsAsync(Token));
        AssertSame(text, session.Id);
        AssertSame(text, session.Name!);
        AssertSame(text, session.Cwd!);
    }

    /// <summary>Ordinal, and no normalisation: é as one code point and as e + U+0301 must stay apart.</summary>
    private static void AssertSame(string expected, string actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(string.Equals(expected, actual, StringComparison.Ordinal), "the text changed on its way through the store");
    }

    private static string OneMebibyte()
    {
        // Mixed widths (1-, 2-, 3- and 4-byte UTF-8) and newlines, cut to exactly 1 MiB of UTF-16 code units
        // without splitting a surrogate pair.
        const string chunk = "line ✓ 行 é 🚀\n";
        var builder = new StringBuilder(1 << 20);
        while (builder.Length + chunk.Length <= 1 << 20)
        {
            builder.Append(chunk);
        }

        builder.Append('x', (1 << 20) - builder.Length);
        return builder.ToString();
    }
}
