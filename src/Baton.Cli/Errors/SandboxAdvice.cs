namespace Baton.Cli.Errors;

/// <summary>
/// What to do when the system did not let baton connect to the daemon at all (EPERM). The usual cause is an agent's
/// command calling baton inside the agent's sandbox: Codex 0.169.0 runs commands under a system-call filter that
/// forbids every connection, to a local Unix socket too, unless the command is allowed out of the sandbox.
/// </summary>
internal static class SandboxAdvice
{
    /// <summary>The Codex home's rule that runs <c>baton inject</c> outside Codex's sandbox, without asking.</summary>
    public const string CodexRule = """prefix_rule(pattern = ["baton", "inject"], decision = "allow")""";

    public static string For(Func<string, string?> environment)
    {
        // Codex sets these in the environment of every command an agent runs.
        var inCodex = environment("CODEX_SANDBOX_NETWORK_DISABLED") == "1" || !string.IsNullOrEmpty(environment("CODEX_THREAD_ID"));
        if (!inCodex)
        {
            return "Run baton outside the sandbox, or let it connect to the daemon's socket.";
        }

        var codexHome = environment("CODEX_HOME") is { Length: > 0 } home ? home : "~/.codex";
        return "baton runs inside Codex's sandbox, which forbids connections for an agent's commands. To let agents run " +
            $"'baton inject' outside it, add this line to {codexHome}/rules/default.rules:\n" +
            $"  {CodexRule}\n" +
            "then restart Codex (the TUI, or 'codex app-server daemon stop'): a session already open keeps the rules it was " +
            "opened with. Or run Codex with network access for every " +
            $"command ('network_access = true' under [sandbox_workspace_write] in {codexHome}/config.toml). " +
            "Baton's README has more under 'One agent to another'.";
    }
}
