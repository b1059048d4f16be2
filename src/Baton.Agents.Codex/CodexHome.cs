namespace Baton.Agents.Codex;

/// <summary>
/// One <c>CODEX_HOME</c> and the app-server socket that serves it. Every Codex thread of that home is a session
/// Baton can reach through that socket; nobody registers sessions by hand.
/// </summary>
public sealed record CodexHome(string Path, string SocketPath)
{
    public const string HomeVariable = "CODEX_HOME";

    /// <summary>The daemon's control socket, a symlink Codex keeps short because of the 108-byte sun_path limit.</summary>
    public static string DefaultSocketPath(string home) =>
        System.IO.Path.Combine(home, "app-server-control", "app-server-control.sock");

    public static CodexHome FromDirectory(string home, string? socketPath = null)
    {
        var full = System.IO.Path.GetFullPath(home);
        return new CodexHome(full, socketPath ?? DefaultSocketPath(full));
    }

    /// <summary><c>CODEX_HOME</c> from the environment, else <c>~/.codex</c>.</summary>
    public static CodexHome FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var home = getVariable(HomeVariable);
        if (string.IsNullOrWhiteSpace(home))
        {
            home = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codex");
        }

        return FromDirectory(home);
    }
}
