namespace Baton.Protocol;

/// <summary>
/// Where Baton keeps its state: everything lives under <c>BATON_HOME</c> (default <c>~/.baton</c>).
/// The CLI and the daemon both derive their paths from here so they can never disagree.
/// </summary>
public sealed record BatonPaths(string Home)
{
    public const string HomeVariable = "BATON_HOME";

    public string SocketPath => Path.Combine(Home, "baton.sock");

    /// <summary>On Windows the daemon listens on a named pipe instead of <see cref="SocketPath"/>.</summary>
    public string PipeName => PipeNameFor(SocketPath);

    /// <summary>
    /// The named pipe that stands in for a socket path on Windows: named after a hash of the path, so two
    /// BATON_HOMEs never share a pipe and the name stays short and free of path characters.
    /// </summary>
    public static string PipeNameFor(string socketPath)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(socketPath)));
        return "baton-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    public string DatabasePath => Path.Combine(Home, "baton.db");

    public string PidFilePath => Path.Combine(Home, "daemon.pid");

    public string LockFilePath => Path.Combine(Home, "daemon.lock");

    public string LogDirectory => Path.Combine(Home, "logs");

    public string DaemonLogPath => Path.Combine(LogDirectory, "daemon.log");

    /// <summary>Resolves <c>BATON_HOME</c> from the given environment lookup (the process environment when null).</summary>
    public static BatonPaths FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var home = getVariable(HomeVariable);
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".baton");
        }

        return new BatonPaths(Path.GetFullPath(home));
    }
}
