using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Baton.Tests.Infrastructure;

/// <summary>
/// An interactive program in a real pseudo-terminal: a detached tmux server on its own socket, one pane running the
/// program. Tests type into it (<see cref="TypeAsync"/>, <see cref="PressAsync"/>) and read what a person would
/// see (<see cref="CaptureAsync"/>). On dispose the program and the tmux server are killed by pid.
/// </summary>
/// <remarks>
/// The server gets <c>-f /dev/null</c> so no user tmux.conf changes key handling or the screen size, and its own
/// socket so it never touches a tmux the developer is running. tmux itself is installed by scripts/setup.
/// </remarks>
public sealed class TmuxSession : IAsyncDisposable
{
    private readonly string _socketPath;

    private TmuxSession(string socketPath, int serverPid, int panePid)
    {
        _socketPath = socketPath;
        ServerPid = serverPid;
        PanePid = panePid;
    }

    public int ServerPid { get; }

    /// <summary>The pid of the program in the pane.</summary>
    public int PanePid { get; }

    /// <summary>Starts <paramref name="command"/> in a <paramref name="width"/>×<paramref name="height"/> pane.</summary>
    /// <param name="socketDirectory">A folder of the test's own; the tmux socket goes there.</param>
    public static async Task<TmuxSession> StartAsync(
        string socketDirectory,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string> command,
        CancellationToken cancellationToken,
        int width = 200,
        int height = 50)
    {
        var socketPath = Path.Combine(socketDirectory, "tmux.sock");
        List<string> args =
        [
            "-f", "/dev/null", "new-session", "-d",
            "-x", width.ToString(CultureInfo.InvariantCulture), "-y", height.ToString(CultureInfo.InvariantCulture),
            "-c", workingDirectory,
        ];
        foreach (var (key, value) in environment)
        {
            args.AddRange(["-e", $"{key}={value}"]);
        }

        args.Add("--");
        args.AddRange(command);
        await RunTmuxAsync(socketPath, args, cancellationToken);

        var pids = (await RunTmuxAsync(socketPath, ["display-message", "-p", "#{pid} #{pane_pid}"], cancellationToken))
            .Trim().Split(' ');
        return new TmuxSession(socketPath, int.Parse(pids[0], CultureInfo.InvariantCulture), int.Parse(pids[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Types <paramref name="text"/> literally, as keystrokes (no key names are interpreted).</summary>
    public Task TypeAsync(string text, CancellationToken cancellationToken) =>
        RunTmuxAsync(_socketPath, ["send-keys", "-l", "--", text], cancellationToken);

    /// <summary>Presses one named key, e.g. <c>Enter</c>, <c>Escape</c>, <c>C-c</c>.</summary>
    public Task PressAsync(string key, CancellationToken cancellationToken) =>
        RunTmuxAsync(_socketPath, ["send-keys", key], cancellationToken);

    /// <summary>The visible screen as text, one line per row; wrapped lines are joined so long texts can be found whole.</summary>
    public Task<string> CaptureAsync(CancellationToken cancellationToken) =>
        RunTmuxAsync(_socketPath, ["capture-pane", "-p", "-J"], cancellationToken);

    /// <summary>
    /// Polls the screen until <paramref name="condition"/> holds and returns that screen. When the pane's program
    /// exits, or <paramref name="within"/> runs out, it fails with what <paramref name="waitingFor"/> names and the
    /// last screen, so a failing test shows what the person would have seen.
    /// </summary>
    public async Task<string> WaitForScreenAsync(Func<string, bool> condition, string waitingFor, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var screen = string.Empty;
        while (true)
        {
            if (!ProcessState.IsAlive(PanePid))
            {
                throw new InvalidOperationException($"The program in the terminal exited while waiting for {waitingFor}. Last screen:\n{screen}");
            }

            screen = await CaptureAsync(cancellationToken);
            if (condition(screen))
            {
                return screen;
            }

            if (deadline.Elapsed > within)
            {
                throw new TimeoutException($"After {within.TotalSeconds:0}s the terminal still does not show {waitingFor}. Last screen:\n{screen}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pid in new[] { PanePid, ServerPid })
        {
            if (!ProcessState.IsAlive(pid))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                await ProcessState.WaitUntilGoneAsync(pid, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (ArgumentException)
            {
                // It exited between the check and the kill.
            }
        }

        try
        {
            File.Delete(_socketPath);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> RunTmuxAsync(string socketPath, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-S");
        info.ArgumentList.Add(socketPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run tmux ({exception.Message}). Install it: run scripts/setup, or apt-get install tmux.", exception);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"tmux {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {(await stderr).Trim()}");
            }

            return await stdout;
        }
    }
}
