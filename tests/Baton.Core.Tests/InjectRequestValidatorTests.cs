using Baton.Core.Delivery;
using Baton.Core.Errors;
using Baton.Core.Sessions;
using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests;

public sealed class InjectRequestValidatorTests
{
    private static readonly InjectRequestValidator Validator = new(new InjectLimits { MaxMessageBytes = 10 });

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("0123456789")]
    [InlineData("tab\tlf\ncr\r")]
    [InlineData("ééééé")]
    [InlineData("🎉🎉")]
    public async Task Validate_TextWithinRules_Passes(string text)
    {
        await Task.Yield();

        Validator.Validate(new InjectRequest { Text = text });
    }

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("01234567890", ErrorCodes.LimitExceeded, "11 bytes of UTF-8")]
    [InlineData("éééééé", ErrorCodes.LimitExceeded, "12 bytes of UTF-8")]
    [InlineData("a\0b", ErrorCodes.InvalidText, "NUL character")]
    [InlineData("a\u001bb", ErrorCodes.InvalidText, "U+001B")]
    [InlineData("a\u0085b", ErrorCodes.InvalidText, "U+0085")]
    [InlineData(" ", ErrorCodes.InvalidText, "empty")]
    public async Task Validate_BadText_RefusedWithCodeAndReason(string text, string code, string reason)
    {
        await Task.Yield();

        var error = Assert.ThrowsAny<BatonException>(() => Validator.Validate(new InjectRequest { Text = text }));

        Assert.Equal(code, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Validate_KeysAndNames_LengthIsALimitCharactersAreUsage()
    {
        await Task.Yield();

        Assert.Equal(ErrorCodes.LimitExceeded, Refusal(new() { Text = "hi", IdempotencyKey = new string('k', 257) }));
        Assert.Equal(ErrorCodes.Usage, Refusal(new() { Text = "hi", IdempotencyKey = "has space" }));
        Assert.Equal(ErrorCodes.Usage, Refusal(new() { Text = "hi", IdempotencyKey = "" }));
        Assert.Equal(ErrorCodes.LimitExceeded, Refusal(new() { Text = "hi", HookName = new string('h', 65) }));
        Assert.Equal(ErrorCodes.Usage, Refusal(new() { Text = "hi", HookName = "ci\"]" }));
        Assert.Equal(ErrorCodes.Usage, Refusal(new() { Text = "hi", TimeoutMs = -1 }));

        // Here, not as theory data: a lone surrogate does not survive test-case serialization.
        Assert.Equal(ErrorCodes.InvalidText, Refusal(new() { Text = "a\ud800b" }));
        Validator.Validate(new InjectRequest { Text = "hi", IdempotencyKey = new string('k', 256), HookName = "ci-triage/v2@host" });
    }

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("cod\ner", ErrorCodes.Usage)]
    [InlineData("cod\u0000er", ErrorCodes.Usage)]
    public async Task SessionSelector_ControlCharacters_Usage(string text, string code)
    {
        await Task.Yield();

        Assert.Equal(code, Assert.ThrowsAny<BatonException>(() => SessionSelector.Parse(text)).Code);
        Assert.Equal(ErrorCodes.LimitExceeded, Assert.ThrowsAny<BatonException>(() => SessionSelector.Parse(new string('s', 257))).Code);
        Assert.Equal("../../etc/passwd", SessionSelector.Parse("../../etc/passwd").NameOrId);
    }

    private static string Refusal(InjectRequest request) =>
        Assert.ThrowsAny<BatonException>(() => Validator.Validate(request)).Code;
}
