using Baton.Core.Errors;
using Baton.Core.Sessions;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests;

public sealed class SessionSelectorTests
{
    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("coder", null, "coder")]
    [InlineData("codex:coder", "codex", "coder")]
    [InlineData("CODEX:coder", "codex", "coder")]
    [InlineData("  coder  ", null, "coder")]
    [InlineData("other:thing", null, "other:thing")]
    public async Task Parse_Text_SplitsAgentAndName(string text, string? agent, string name)
    {
        await Task.Yield();

        var selector = SessionSelector.Parse(text);

        Assert.Equal(agent, selector.Agent);
        Assert.Equal(name, selector.NameOrId);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Parse_Empty_ThrowsUsage()
    {
        await Task.Yield();

        Assert.Throws<InvalidRequestException>(() => SessionSelector.Parse("codex:"));
        Assert.Throws<InvalidRequestException>(() => SessionSelector.Parse("  "));
    }
}
