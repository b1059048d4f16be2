namespace Baton.Tests.Infrastructure;

/// <summary>Every test carries a timeout so nothing can hang CI; these are the common budgets in milliseconds.</summary>
public static class TestTimeouts
{
    /// <summary>A test that only touches memory, files or a local socket.</summary>
    public const int Short = 30_000;

    /// <summary>A test that starts the real Codex app-server and runs a few turns.</summary>
    public const int Codex = 120_000;

    /// <summary>A test that runs the real Codex TUI, which starts its own app-server daemon, and a few turns.</summary>
    public const int CodexTui = 240_000;
}
