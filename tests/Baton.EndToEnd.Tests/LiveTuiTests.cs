using System.Text.RegularExpressions;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// The real interactive Codex TUI in a terminal (tmux), a person typing into it, and Baton injecting into the same
/// session from outside: what the person sees on the screen.
/// </summary>
public sealed class LiveTuiTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.CodexTui)]
    public async Task Inject_IntoTheTuisSession_ScreenShowsTheMarkedInjectedTextAndTheModelsReply()
    {
        await using var conversation = await TuiConversation.StartAsync(Token, markInjected: true);

        var result = await conversation.Baton.RunAsync(Token, "inject", conversation.ThreadId, "--text", "CI says: build 1234 is green", "--hook-name", "ci", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("completed", receipt.Str("status"));
        const string Sent = "[Injected by Baton, hook \"ci\"]\nCI says: build 1234 is green";
        Assert.Matches(@"^FAKE#\d+ saw \d+ user msgs; last='" + Regex.Escape(Sent) + "'$", receipt.Str("reply"));

        // The person sees the message as a user turn, marked as injected, and the model's whole reply under it.
        var screen = await conversation.Tui.WaitForTextAsync($"• {receipt.Str("reply")}", Token);
        Assert.Contains($"› {Sent}\n", screen, StringComparison.Ordinal);
        Assert.True(screen.IndexOf($"› {Sent}", StringComparison.Ordinal) < screen.IndexOf($"• {receipt.Str("reply")}", StringComparison.Ordinal), screen);
    }

    [Fact(Timeout = TestTimeouts.CodexTui)]
    public async Task Inject_WhileTheHumanHasAHalfTypedDraft_TheDraftStaysInTheComposerUnsentAndCanBeSentAfter()
    {
        await using var conversation = await TuiConversation.StartAsync(Token);
        const string Draft = "please refactor the parser and then";
        await conversation.Tui.TypeAsync(Draft, Token);

        var result = await conversation.Baton.RunAsync(Token, "inject", conversation.ThreadId, "--text", "CI says: tests passed", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var reply = JsonOutput.Single(result.StdOut).Str("reply");
        var screen = await conversation.Tui.WaitForTextAsync($"• {reply}", Token);
        Assert.Equal($"› {Draft}", CodexTui.ComposerLine(screen));
        Assert.DoesNotContain(conversation.Codex.Model.Requests, r => r.Body.Contains(Draft, StringComparison.Ordinal));

        // The draft is still the person's to finish and send; the model then sees the injected turn before it.
        await conversation.Tui.TypeAsync(" add tests", Token);
        await conversation.Tui.Terminal.PressAsync("Enter", Token);
        await conversation.Tui.WaitForTextAsync($"last='{Draft} add tests'", Token);
        var sent = Assert.Single(conversation.Codex.Model.Requests, r => r.LastUserMessage == $"{Draft} add tests");
        Assert.Contains("CI says: tests passed", sent.UserMessages);
    }

    [Fact(Timeout = TestTimeouts.CodexTui)]
    public async Task Inject_HumanKeepsTypingWhileTheInjectedTurnRuns_NothingTypedIsLostOrSent()
    {
        await using var conversation = await TuiConversation.StartAsync(Token);
        await conversation.Tui.TypeAsync("first half,", Token);

        var result = await conversation.Baton.RunAsync(Token, "inject", conversation.ThreadId, "--text", "long CI job SLOW=6", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("delivered", receipt.Str("status"));
        await conversation.Tui.WaitForTextAsync("› long CI job SLOW=6", Token);
        await conversation.Tui.TypeAsync(" second half", Token);
        var done = await conversation.Baton.RunAsync(Token, "message", receipt.Str("messageId"), "--wait", "--timeout", "60s", "--json");

        Assert.True(done.ExitCode == 0, done.ToString());
        var screen = await conversation.Tui.WaitForTextAsync($"• {JsonOutput.Single(done.StdOut).Str("reply")}", Token);
        Assert.Equal("› first half, second half", CodexTui.ComposerLine(screen));
        Assert.DoesNotContain(conversation.Codex.Model.Requests, r => r.Body.Contains("first half", StringComparison.Ordinal));
    }
}
