using System.Diagnostics;
using Baton.Protocol;

namespace Baton.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the real command line in-process with captured streams, a private BATON_HOME and a fake daemon launcher.
/// </summary>
public sealed class CliHarness : IAsyncDisposable
{
    private readonly List<StandInDaemon> _daemons = [];

    public CliHarness()
    {
        Environment[BatonPaths.HomeVariable] = Home.Path;
        Environment["CODEX_HOME"] = Home.Combine("codex");
    }

    public TempDirectory Home { get; } = new();

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public FakeDaemonLauncher Launcher { get; } = new();

    public string SocketPath => new BatonPaths(Home.Path).SocketPath;

    public string StandardInput { get; set; } = "";

    public TimeSpan DaemonStartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan DaemonStopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public async Task<StandInDaemon> StartDaemonAsync()
    {
        var daemon = await StandInDaemon.StartAsync(SocketPath, TestContext.Current.CancellationToken);
        lock (_daemons)
        {
            _daemons.Add(daemon);
        }

        return daemon;
    }

    /// <summary>
    /// Puts a stand-in <c>baton-daemon</c> file in the home and points BATON_DAEMON_PATH at it, so the CLI finds an
    /// executable to launch; the fake launcher decides what launching it does.
    /// </summary>
    public async Task PlaceDaemonExecutableAsync()
    {
        await File.WriteAllTextAsync(Home.Combine("baton-daemon"), "", TestContext.Current.CancellationToken);
        Environment["BATON_DAEMON_PATH"] = Home.Combine("baton-daemon");
    }

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            In = new StringReader(StandardInput),
            Out = stdout,
            Error = stderr,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            CurrentDirectory = Home.Path,
            DaemonLauncher = Launcher,
            DaemonStartTimeout = DaemonStartTimeout,
            DaemonStopTimeout = DaemonStopTimeout,
        };
        var exitCode = await BatonCommandLine.RunAsync(args, context, TestContext.Current.CancellationToken);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A process id that no longer names a process, as a stopped daemon's would.</summary>
    public static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start("true")!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.Id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var daemon in _daemons)
        {
            await daemon.DisposeAsync();
        }

        Home.Dispose();
    }
}
