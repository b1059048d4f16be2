using System.Diagnostics;
using System.Text;

namespace Baton.ScriptedModel.Tests;

/// <summary>
/// Runs the real <c>codex exec</c> once against a <c>CODEX_HOME</c>, with stdin closed (Codex otherwise waits to
/// append piped input), and kills it by pid if the test gives up first.
/// </summary>
internal static class CodexExec
{
    private const string DefaultBinary =
        "/root/.cache/baton/codex-0.169.0/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex";

    /// <summary>BATON_CODEX_BIN, else the pinned binary scripts/setup installs; a missing binary fails the test.</summary>
    public static string LocateBinary()
    {
        var configured = Environment.GetEnvironmentVariable("BATON_CODEX_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            Assert.True(File.Exists(configured), $"BATON_CODEX_BIN is {configured}, which does not exist. Point it at the Codex 0.169.0 binary or unset it.");
            return configured;
        }

        Assert.True(File.Exists(DefaultBinary), $"Codex was not found at {DefaultBinary}. Run scripts/setup or set BATON_CODEX_BIN to the Codex 0.169.0 binary.");
        return DefaultBinary;
    }

    public static async Task<CodexExecResult> RunAsync(string codexHome, string workDirectory, string prompt, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(LocateBinary())
        {
            WorkingDirectory = workDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", "--strict-config", "--skip-git-repo-check", "--color", "never", prompt })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CODEX_HOME"] = codexHome;
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var pid = process.Id;
        try
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return new CodexExecResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Kill(pid);
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (ArgumentException)
        {
            // Already gone and reaped.
        }
        catch (InvalidOperationException)
        {
        }
    }
}

internal sealed record CodexExecResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() =>
        new StringBuilder().Append("exit ").Append(ExitCode).Append("\n--- stdout\n").Append(StdOut).Append("\n--- stderr\n").Append(StdErr).ToString();
}
