namespace Baton.Agents.Codex.Hosting;

/// <summary>
/// Finds the Codex executable: <c>BATON_CODEX_BIN</c>, else the pinned npm package in Baton's cache, else
/// <c>codex</c> on the PATH. The native binary is preferred to npm's node wrapper so the pid we hold is
/// Codex's own.
/// </summary>
public static class CodexBinary
{
    public const string PinnedVersion = "0.169.0";
    public const string PathVariable = "BATON_CODEX_BIN";

    public static string Locate(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        if (getVariable(PathVariable) is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new FileNotFoundException($"{PathVariable} points at {explicitPath}, which does not exist.");
        }

        var cache = getVariable("BATON_CODEX_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "baton", $"codex-{PinnedVersion}");
        var (package, triple) = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.Arm64 => ("codex-linux-arm64", "aarch64-unknown-linux-musl"),
            _ => ("codex-linux-x64", "x86_64-unknown-linux-musl"),
        };
        var cached = Path.Combine(cache, "node_modules", "@openai", package, "vendor", triple, "bin", "codex");
        if (File.Exists(cached))
        {
            return cached;
        }

        foreach (var dir in (getVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "codex");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"Codex {PinnedVersion} was not found. Run scripts/setup (it installs @openai/codex@{PinnedVersion} into {cache}), or set {PathVariable}.");
    }
}
