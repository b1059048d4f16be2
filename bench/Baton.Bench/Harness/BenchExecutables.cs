namespace Baton.Bench.Harness;

/// <summary>
/// The published executables the benchmarks run, as a user would: <c>baton</c> (and the <c>baton-daemon</c> it starts)
/// from <c>BATON_BIN_DIR</c> or the repository's <c>artifacts/bin</c>, and the pinned Codex.
/// </summary>
public sealed record BenchExecutables(string Baton, string Codex)
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

        return new BenchExecutables(baton, codex);
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
