using System.Diagnostics;
using System.Text;

namespace Baton.Agents.Codex.Hosting;

/// <summary>
/// A <c>codex app-server --listen unix://</c> process for one <c>CODEX_HOME</c>: the same server and control socket
/// the Codex daemon and TUI use, started in the foreground so its pid is ours to stop.
/// </summary>
public sealed class CodexAppServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CodexAppServerProcess(Process process, CodexHome home)
    {
        _process = process;
        Home = home;
    }

    public CodexHome Home { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<CodexAppServerProcess> StartAsync(string codexBinary, CodexHome home, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(codexBinary)
        {
            ArgumentList = { "app-server", "--listen", "unix://" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = home.Path,
        };
        info.Environment["CODEX_HOME"] = home.Path;
        info.Environment["RUST_LOG"] = "warn";

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {codexBinary}.");
        var server = new CodexAppServerProcess(process, home);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitForSocketAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForSocketAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"codex app-server exited with {_process.ExitCode} before it listened:\n{Output}");
            }

            if (await CanConnectAsync(Home.SocketPath, timeout.Token))
            {
                return;
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"codex app-server did not listen on {Home.SocketPath} within 30 s:\n{Output}");
            }
        }
    }

    private static async Task<bool> CanConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Stops the server by its pid: SIGTERM, then SIGKILL if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                Posix.Kill(_process.Id, Posix.SignalTerminate);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
