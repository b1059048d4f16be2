using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// A person's conversation in the real Codex TUI that Baton can reach: the scripted model and a temp home, the TUI
/// (which starts the home's Codex daemon), a Baton home on that Codex home, and the TUI's thread after the person
/// typed a first prompt and saw the reply. Disposes the TUI first, then Baton's daemon, then Codex and its daemon.
/// </summary>
internal sealed class TuiConversation : IAsyncDisposable
{
    private TuiConversation(CodexTestEnvironment codex, CodexTui tui, BatonTestHome baton)
    {
        Codex = codex;
        Tui = tui;
        Baton = baton;
    }

    public CodexTestEnvironment Codex { get; }

    public CodexTui Tui { get; }

    public BatonTestHome Baton { get; }

    public string ThreadId { get; private set; } = string.Empty;

    /// <param name="markInjected">Baton's provenance line, as in <see cref="BatonTestHome"/>.</param>
    public static async Task<TuiConversation> StartAsync(CancellationToken cancellationToken, bool markInjected = false)
    {
        var codex = await CodexTestEnvironment.StartAsync(cancellationToken, startAppServer: false);
        CodexTui? tui = null;
        try
        {
            tui = await CodexTui.StartAsync(codex, cancellationToken);
            var conversation = new TuiConversation(codex, tui, new BatonTestHome(codex.Home.Path, markInjected));
            try
            {
                await conversation.StartThreadAsync(cancellationToken);
                return conversation;
            }
            catch
            {
                await conversation.DisposeAsync();
                throw;
            }
        }
        catch when (tui is null)
        {
            await codex.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The person types the first prompt (so the TUI's thread exists and is loaded in the daemon the TUI started),
    /// sees the reply, and Baton then finds that thread as the one live session of the home.
    /// </summary>
    private async Task StartThreadAsync(CancellationToken cancellationToken)
    {
        await Tui.SubmitAsync("hello from the terminal", cancellationToken);
        await Tui.WaitForTextAsync("last='hello from the terminal'", cancellationToken, CodexTui.FirstReplyDeadline);
        Assert.Contains(Codex.Model.Requests, r => r.LastUserMessage == "hello from the terminal");

        var sessions = await Baton.RunAsync(cancellationToken, "sessions", "--json");
        Assert.True(sessions.ExitCode == 0, sessions.ToString());
        var session = Assert.Single(JsonOutput.Single(sessions.StdOut).GetProperty("sessions").EnumerateArray());
        Assert.Equal("idle", session.Str("state"));
        Assert.Equal(Codex.WorkDirectory, session.Str("cwd"));
        ThreadId = session.Str("id");
    }

    public async ValueTask DisposeAsync()
    {
        await Tui.DisposeAsync();
        Baton.Dispose();
        await Codex.DisposeAsync();
    }
}
