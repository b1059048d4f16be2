using System.Diagnostics;
using System.Text;

namespace Baton.Demo;

/// <summary>Runs a command the way a user would type it, echoing the command line and everything it prints.</summary>
internal static class DemoProcess
{
    public static async Task<int> RunAsync(TextWriter output, string executable, IReadOnlyList<string> args, IDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"$ {Path.GetFileName(executable)} {string.Join(' ', args.Select(Quote))}");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.StandardInput.Close();
        var stdout = Pump(process.StandardOutput, output, "  ");
        var stderr = Pump(process.StandardError, output, "  │ ");
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr);
        await output.WriteLineAsync($"  (exit {process.ExitCode})");
        return process.ExitCode;
    }

    private static async Task Pump(StreamReader reader, TextWriter output, string prefix)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            await output.WriteLineAsync(prefix + line);
        }
    }

    private static string Quote(string arg) => arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? $"\"{arg.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : arg;
}
