using System.Diagnostics;

namespace Baton.Tests.Infrastructure;

/// <summary>A CLI process that keeps running (like <c>baton watch</c>): its output lines as they come; killed by pid on dispose.</summary>
public sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<string> _errors = [];

    internal RunningCli(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(_lines, e.Data);
        process.ErrorDataReceived += (_, e) => Add(_errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    /// <summary>Waits for an output line that matches, and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Lines.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The CLI exited with {_process.ExitCode} before printing the line. stderr:\n{Errors}\nstdout:\n{string.Join('\n', Lines)}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private void Add(List<string> list, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            list.Add(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
