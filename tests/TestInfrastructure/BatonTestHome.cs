using System.Diagnostics;
using System.Text;

namespace Baton.Tests.Infrastructure;

/// <summary>
/// A private <c>BATON_HOME</c> for one test, and the way to run the real <c>baton</c> executable against it. On
/// dispose it stops the daemon the CLI may have started, by the pid in its pid file.
/// </summary>
public sealed class BatonTestHome : IDisposable
{
    private readonly TempDirectory _root = new("bh");

    /// <param name="markInjected">
    /// The daemon's provenance line (<c>BATON_MARK_INJECTED</c>): off by default here so delivery tests compare
    /// exact texts; <c>null</c> leaves the variable unset, for tests of the default and of config.json.
    /// </param>
    public BatonTestHome(string? codexHome = null, bool? markInjected = false)
    {
        CodexHome = codexHome;
        MarkInjected = markInjected;
    }

    public bool? MarkInjected { get; }

    public string Path => _root.Path;

    public string? CodexHome { get; }

    public string SocketPath => System.IO.Path.Combine(Path, "baton.sock");

    public string PidFilePath => System.IO.Path.Combine(Path, "daemon.pid");

    /// <summary>Starts <c>baton args…</c> and leaves it running, for commands that follow something (watch).</summary>
    public RunningCli Start(params string[] args)
    {
        var info = StartInfo(args, workingDirectory: null, environment: null);
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return new RunningCli(process);
    }

    /// <summary>Runs <c>baton args…</c> with this home; stdin is closed unless given.</summary>
    public Task<CliResult> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken, string? stdin = null, string? workingDirectory = null, IDictionary<string, string>? environment = null) =>
        RunWithInputAsync(args, stdin is null ? null : Encoding.UTF8.GetBytes(stdin), cancellationToken, workingDirectory, environment);

    /// <summary>Runs <c>baton args…</c> with these exact bytes on stdin (which need not be UTF-8).</summary>
    public Task<CliResult> RunWithInputAsync(IEnumerable<string> args, byte[]? stdin, CancellationToken cancellationToken, string? workingDirectory = null, IDictionary<string, string>? environment = null) =>
        RunProcessAsync(StartInfo(args, workingDirectory, environment), stdin, cancellationToken);

    /// <summary>
    /// Runs <c>baton args…</c> with this home as another OS user and group (through <c>setpriv</c>, no supplementary
    /// groups). The test makes <paramref name="batonExecutable"/> and the socket reachable for that user.
    /// </summary>
    public Task<CliResult> RunAsUserAsync(int uid, string batonExecutable, IEnumerable<string> args, CancellationToken cancellationToken, IDictionary<string, string>? environment = null)
    {
        var info = StartInfo(args, workingDirectory: null, environment);
        info.FileName = "setpriv";
        string[] prefix = [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", batonExecutable];
        for (var i = 0; i < prefix.Length; i++)
        {
            info.ArgumentList.Insert(i, prefix[i]);
        }

        return RunProcessAsync(info, stdin: null, cancellationToken);
    }

    /// <summary>
    /// Runs <c>baton args…</c> with this home through <c>sh</c>, which applies <paramref name="redirections"/>
    /// (<c>&gt;&amp;-</c>, <c>&gt;/dev/full</c>, …) and then execs baton; stdin is closed unless redirected.
    /// </summary>
    public Task<CliResult> RunThroughShellAsync(string redirections, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = StartInfo(args, workingDirectory: null, environment: null);
        info.FileName = "sh";
        string[] prefix = ["-c", $"exec \"$0\" \"$@\" {redirections}", RepositoryLayout.BatonExecutable];
        for (var i = 0; i < prefix.Length; i++)
        {
            info.ArgumentList.Insert(i, prefix[i]);
        }

        return RunProcessAsync(info, stdin: null, cancellationToken);
    }

    private static async Task<CliResult> RunProcessAsync(ProcessStartInfo info, byte[]? stdin, CancellationToken cancellationToken)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, cancellationToken);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr) { Pid = process.Id };
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> args, string? workingDirectory, IDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(RepositoryLayout.BatonExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["BATON_HOME"] = Path;
        info.Environment.Remove("BATON_MARK_INJECTED");

        // Tests run from inside a Codex agent's command would otherwise send that session as the sender.
        info.Environment.Remove("CODEX_THREAD_ID");
        if (MarkInjected is { } mark)
        {
            info.Environment["BATON_MARK_INJECTED"] = mark ? "1" : "0";
        }

        if (CodexHome is not null)
        {
            info.Environment["CODEX_HOME"] = CodexHome;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args) => RunAsync(args, cancellationToken);

    /// <summary>The pid of the daemon serving this home, if its pid file names a live process.</summary>
    public int? DaemonPid()
    {
        if (!File.Exists(PidFilePath) || !int.TryParse(File.ReadAllText(PidFilePath).Trim(), out var pid))
        {
            return null;
        }

        return ProcessState.IsAlive(pid) ? pid : null;
    }

    public void Dispose()
    {
        if (DaemonPid() is { } pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        _root.Dispose();
    }
}
