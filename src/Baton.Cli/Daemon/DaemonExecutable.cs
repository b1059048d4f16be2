using Baton.Cli.Errors;

namespace Baton.Cli.Daemon;

/// <summary>Finds <c>baton-daemon</c>: next to the CLI unless <c>BATON_DAEMON_PATH</c> names another.</summary>
internal static class DaemonExecutable
{
    public const string PathVariable = "BATON_DAEMON_PATH";
    public const string CodexHomeVariable = "CODEX_HOME";

    public static string Resolve(CliContext context)
    {
        var overridden = context.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return Path.GetFullPath(overridden, context.CurrentDirectory);
        }

        var name = OperatingSystem.IsWindows() ? "baton-daemon.exe" : "baton-daemon";
        return Path.Combine(AppContext.BaseDirectory, name);
    }

    /// <summary>Start, run and stop act on this machine's daemon: refused with <c>--remote</c>, which names another one.</summary>
    public static void EnsureLocal(CliContext context)
    {
        if (context.Target.IsRemote)
        {
            throw CliException.Usage("--remote talks to a daemon that runs elsewhere; start, run and stop a daemon on its own machine, without --remote.");
        }
    }

    public static DaemonLaunch CreateLaunch(CliContext context, string? listen = null)
    {
        EnsureLocal(context);

        var executable = Resolve(context);
        if (!File.Exists(executable))
        {
            throw new CliException(
                ExitCodes.Unreachable,
                $"Cannot start the Baton daemon: {executable} does not exist. " +
                $"Install baton-daemon next to the baton executable, or set {PathVariable} to its path.");
        }

        var paths = context.Paths;
        var codexHome = context.GetEnvironmentVariable(CodexHomeVariable);
        return new DaemonLaunch(
            executable,
            paths.Home,
            string.IsNullOrWhiteSpace(codexHome) ? null : Path.GetFullPath(codexHome, context.CurrentDirectory),
            paths.DaemonLogPath,
            listen);
    }
}
