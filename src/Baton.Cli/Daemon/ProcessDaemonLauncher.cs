using System.Diagnostics;
using System.Globalization;
using Baton.Cli.Errors;

namespace Baton.Cli.Daemon;

/// <summary>Starts the real <c>baton-daemon</c> process.</summary>
/// <remarks>
/// The detached start goes through <c>/bin/sh</c> so the daemon never inherits the caller's standard streams:
/// a script that runs <c>baton inject</c> and reads its output to EOF must not hang because an auto-started
/// daemon still holds the pipe. <c>setsid</c>, where present, also takes it out of the caller's session so a
/// Ctrl+C or a closed terminal does not reach it.
/// </remarks>
internal sealed class ProcessDaemonLauncher : IDaemonLauncher
{
    // $0 is the daemon, $1 the log. `echo $!` hands the daemon's pid back on the shell's (redirected) stdout.
    private const string DetachScript =
        """
        if command -v setsid >/dev/null 2>&1; then
          setsid "$0" run </dev/null >>"$1" 2>&1 &
        else
          "$0" run </dev/null >>"$1" 2>&1 &
        fi
        echo $!
        """;

    /// <summary>
    /// What Codex sets for the one command of an agent's turn that runs baton (which session, which tool call, that
    /// the sandbox has no network): true of that command, not of a daemon that outlives it and may start Codex's own
    /// app-server daemon, which would inherit them.
    /// </summary>
    private static readonly string[] AgentCommandVariables =
        ["CODEX_THREAD_ID", "CODEX_SESSION_ID", "CODEX_TOOL_CALL_ID", "CODEX_SANDBOX", "CODEX_SANDBOX_NETWORK_DISABLED", "CODEX_CI", "IS_SANDBOX"];

    public async Task<int?> StartDetachedAsync(DaemonLaunch launch, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Starting the Baton daemon in the background is not supported on Windows yet; run 'baton daemon run' in its own window.");
        }

        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(DetachScript);
        start.ArgumentList.Add(launch.ExecutablePath);
        start.ArgumentList.Add(launch.LogPath);
        ApplyEnvironment(start, launch);

        using var shell = Process.Start(start)
            ?? throw new InvalidOperationException("Process.Start returned no process for /bin/sh.");
        shell.StandardInput.Close();
        var output = shell.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = shell.StandardError.ReadToEndAsync(cancellationToken);
        await shell.WaitForExitAsync(cancellationToken);
        var pidText = (await output).Trim();
        var errorText = (await error).Trim();
        if (shell.ExitCode != 0)
        {
            throw new CliException(
                ExitCodes.Unreachable,
                $"Could not start {launch.ExecutablePath}: /bin/sh exited with {shell.ExitCode}. {errorText}".TrimEnd());
        }

        return int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    public async Task<int> RunForegroundAsync(DaemonLaunch launch, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(launch.ExecutablePath) { UseShellExecute = false };
        start.ArgumentList.Add("run");
        ApplyEnvironment(start, launch);

        using var daemon = Process.Start(start)
            ?? throw new InvalidOperationException($"Process.Start returned no process for {launch.ExecutablePath}.");
        try
        {
            await daemon.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C reaches the daemon by itself (same process group); a SIGTERM aimed at the CLI alone does not,
            // so pass one on and let the daemon shut down cleanly.
            Terminate(daemon.Id);
            throw;
        }

        return daemon.ExitCode;
    }

    private static void ApplyEnvironment(ProcessStartInfo start, DaemonLaunch launch)
    {
        foreach (var variable in AgentCommandVariables)
        {
            start.Environment.Remove(variable);
        }

        start.Environment[Baton.Protocol.BatonPaths.HomeVariable] = launch.BatonHome;
        if (launch.Listen is not null)
        {
            start.Environment[Baton.Protocol.ListenAddress.Variable] = launch.Listen;
        }

        if (launch.CodexHome is null)
        {
            start.Environment.Remove(DaemonExecutable.CodexHomeVariable);
        }
        else
        {
            start.Environment[DaemonExecutable.CodexHomeVariable] = launch.CodexHome;
        }
    }

    private static void Terminate(int pid)
    {
        try
        {
            var kill = new ProcessStartInfo("kill") { UseShellExecute = false };
            kill.ArgumentList.Add("-TERM");
            kill.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
            using var process = Process.Start(kill);
            process?.WaitForExit(TimeSpan.FromSeconds(2));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1): nothing more to do; the daemon stops on its own signal or with the terminal.
        }
    }
}
