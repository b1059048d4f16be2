namespace Baton.Bench.Harness;

/// <summary>
/// The published executables the benchmarks run, as a user would: <c>baton</c> (and the <c>baton-daemon</c> it starts)
/// from <c>BATON_BIN_DIR</c> or the repository's <c>artifacts/bin</c>, and the pinned Codex.
/// </summary>
/// <param name="Codex">Codex's native executable, which Baton runs and most benchmarks call directly.</param>
/// <param name="CodexCommand">
/// The <c>codex</c> command npm installs beside it (<c>node_modules/.bin/codex</c>: a Node.js script that starts the
/// native executable), which is what a user types; null when Codex was not installed by npm.
/// </param>
public sealed record BenchExecutables(string Baton, string Codex, string? CodexCommand = null)
{
    public static BenchExecutables Locate()
    {
        var bin = Environment.GetEnvironmentVariable("BATON_BIN_DIR") is { Length: > 0 } dir ? dir : Path.Combine(FindRepositoryRoot(), "artifacts", "bin");
        var baton = Path.Combine(bin, "baton");
        if (!File.Exists(baton) || !File.Exists(Path.Combine(bin, "baton-daemon")))
        {
            throw new BenchSetupException(
                $"baton and baton-daemon are not both in {bin}. Run scripts/setup (it publishes them to artifacts/bin), or set BATON_BIN_DIR.");
        }

        string codex;
        try
        {
            codex = Agents.Codex.Hosting.CodexBinary.Locate();
        }
        catch (FileNotFoundException exception)
        {
            throw new BenchSetupException(exception.Message);
        }

        return new BenchExecutables(baton, codex, NpmCommandBeside(codex));
    }

    /// <summary>npm puts the native executable under <c>node_modules/@openai/…</c> and the command in <c>node_modules/.bin</c>.</summary>
    private static string? NpmCommandBeside(string nativeCodex)
    {
        var marker = Path.DirectorySeparatorChar + "node_modules" + Path.DirectorySeparatorChar;
        var at = nativeCodex.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var command = Path.Combine(nativeCodex[..(at + marker.Length)], ".bin", "codex");
        return File.Exists(command) ? command : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new BenchSetupException($"No Baton.slnx above {AppContext.BaseDirectory}; set BATON_BIN_DIR to the folder that holds baton and baton-daemon.");
    }
}
