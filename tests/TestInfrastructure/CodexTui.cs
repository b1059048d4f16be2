namespace Baton.Tests.Infrastructure;

/// <summary>
/// The real interactive <c>codex</c> TUI for a test's <c>CODEX_HOME</c>, in a tmux pane, as a person would run it
/// in a terminal in the test's work folder. Codex 0.169.0's TUI is a client of its home's app-server daemon, which
/// it starts itself; that daemon is what Baton reaches, and what <see cref="CodexTestEnvironment"/> stops on dispose.
/// </summary>
/// <remarks>
/// The work folder is trusted in config.toml (<see cref="Baton.ScriptedModel.CodexConfigWriter"/>), so no trust
/// prompt blocks the start; the config needs no login, so there is no onboarding either.
/// </remarks>
public sealed class CodexTui : IAsyncDisposable
{
    /// <summary>Long enough for a TUI start on a loaded CI machine; a screen that never comes fails with a capture.</summary>
    public static readonly TimeSpan ScreenDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// For the reply to the TUI's first prompt: the TUI starts its home's app-server daemon only then, and shows
    /// "Waiting for startup" until it answers, which took over a minute on a machine loaded with parallel builds.
    /// </summary>
    public static readonly TimeSpan FirstReplyDeadline = TimeSpan.FromSeconds(120);

    private CodexTui(TmuxSession terminal) => Terminal = terminal;

    public TmuxSession Terminal { get; }

    public static async Task<CodexTui> StartAsync(CodexTestEnvironment codex, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>
        {
            ["CODEX_HOME"] = codex.Home.Path,
            ["TERM"] = "xterm-256color",
        };
        var terminal = await TmuxSession.StartAsync(codex.Root.Path, codex.WorkDirectory, environment, [codex.CodexBinaryPath], cancellationToken);
        var tui = new CodexTui(terminal);
        try
        {
            // The composer's placeholder text varies between runs; its "›" prompt does not.
            await terminal.WaitForScreenAsync(s => ComposerLine(s) is not null, "the Codex composer (a line starting with ›)", ScreenDeadline, cancellationToken);
            return tui;
        }
        catch
        {
            await tui.DisposeAsync();
            throw;
        }
    }

    /// <summary>Types <paramref name="text"/> into the composer without sending it, and waits until the composer shows it.</summary>
    public async Task TypeAsync(string text, CancellationToken cancellationToken)
    {
        await Terminal.TypeAsync(text, cancellationToken);
        await Terminal.WaitForScreenAsync(s => ComposerLine(s)?.Contains(text, StringComparison.Ordinal) == true, $"'{text}' typed in the composer", ScreenDeadline, cancellationToken);
    }

    /// <summary>Types <paramref name="prompt"/> into the composer and presses Enter, as the person at the keyboard.</summary>
    public async Task SubmitAsync(string prompt, CancellationToken cancellationToken)
    {
        await TypeAsync(prompt, cancellationToken);
        await Terminal.PressAsync("Enter", cancellationToken);
    }

    /// <summary>
    /// Waits until the screen shows <paramref name="text"/> (which may span lines, joined by \n), and returns the
    /// screen as <see cref="Transcript"/> text.
    /// </summary>
    public async Task<string> WaitForTextAsync(string text, CancellationToken cancellationToken, TimeSpan? within = null) =>
        Transcript(await Terminal.WaitForScreenAsync(s => Transcript(s).Contains(text, StringComparison.Ordinal), $"'{text}'", within ?? ScreenDeadline, cancellationToken));

    /// <summary>
    /// The screen with each line trimmed: the TUI indents the continuation lines of a message and pads rows with
    /// spaces, so a multi-line message on the screen reads as its lines joined by \n.
    /// </summary>
    public static string Transcript(string screen) => string.Join('\n', screen.Split('\n').Select(l => l.Trim()));

    /// <summary>
    /// The composer: the last line that starts with the "›" prompt (earlier ones are the user's sent messages in
    /// the transcript), or null before the TUI drew it.
    /// </summary>
    public static string? ComposerLine(string screen) =>
        screen.Split('\n').LastOrDefault(l => l.StartsWith("› ", StringComparison.Ordinal))?.TrimEnd();

    public ValueTask DisposeAsync() => Terminal.DisposeAsync();
}
