using System.Text;
using Baton.Cli.Daemon;
using Baton.Cli.Interop;
using Baton.Protocol;

namespace Baton.Cli;

/// <summary>
/// Everything the CLI touches outside itself: standard streams, environment, working directory and the daemon
/// launcher. Tests build one with captured streams and run the whole command line in-process.
/// </summary>
public sealed class CliContext
{
    public required TextReader In { get; init; }

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    public required string CurrentDirectory { get; init; }

    public required IDaemonLauncher DaemonLauncher { get; init; }

    /// <summary>How long <c>daemon start</c> (and the automatic start) waits for a new daemon to answer.</summary>
    public TimeSpan DaemonStartTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long <c>daemon stop</c> waits for the daemon's process to go away.</summary>
    public TimeSpan DaemonStopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether Ctrl+C and SIGTERM cancel the running command. Only the real process wants this: an in-process test
    /// must not hook its host's signals.
    /// </summary>
    public bool HandlesTerminationSignals { get; init; }

    /// <summary>Where help wraps its lines: the terminal's width, or no limit (the default) for a file or pipe.</summary>
    public Func<int> HelpWidth { get; init; } = static () => int.MaxValue;

    public BatonPaths Paths => BatonPaths.FromEnvironment(GetEnvironmentVariable);

    /// <summary>The daemon this run talks to, from the global options; set once the command line is parsed.</summary>
    public DaemonTarget Target { get; set; } = DaemonTarget.Local;

    /// <summary>A client of <see cref="Target"/>: the local socket, or the remote listener with its token and trust.</summary>
    public Client.BatonClient CreateClient() => Target.CreateClient(Paths.SocketPath);

    public static CliContext CreateDefault()
    {
        // Before anything opens a file that could take a closed standard descriptor's number.
        StandardStreams.ReserveClosedDescriptors();

        // Explicit UTF-8 both ways, whatever the locale says: injected text and agent replies must pass byte-exact.
        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return new CliContext
        {
            // No byte-order-mark sniffing: a UTF-16 mark must not switch the decoder; input is UTF-8 or refused.
            In = new StreamReader(StandardStreams.Input(), strictUtf8, detectEncodingFromByteOrderMarks: false),
            Out = new StreamWriter(StandardStreams.Output(), utf8) { AutoFlush = true },
            Error = new StreamWriter(StandardStreams.Error(), utf8) { AutoFlush = true },
            GetEnvironmentVariable = Environment.GetEnvironmentVariable,
            CurrentDirectory = Environment.CurrentDirectory,
            DaemonLauncher = new ProcessDaemonLauncher(),
            HandlesTerminationSignals = true,
            HelpWidth = static () => Console.IsOutputRedirected ? int.MaxValue : Console.WindowWidth,
        };
    }
}
