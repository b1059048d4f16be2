namespace Baton.Protocol;

/// <summary>
/// Where Baton keeps its state: everything lives under <c>BATON_HOME</c> (default <c>~/.baton</c>).
/// The CLI and the daemon both derive their paths from here so they can never disagree.
/// </summary>
public sealed record BatonPaths(string Home)
{
    public const string HomeVariable = "BATON_HOME";

    public string SocketPath => Path.Combine(Home, "baton.sock");

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
