namespace Baton.Tests.Infrastructure;

/// <summary>Finds the published executables the README names (<c>artifacts/bin</c>), as a user would run them.</summary>
public static class RepositoryLayout
{
    public static string BinDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("BATON_BIN_DIR") is { Length: > 0 } dir)
            {
                return dir;
            }

            var root = FindRoot();
            return Path.Combine(root, "artifacts", "bin");
        }
    }

    public static string BatonExecutable
    {
        get
        {
            var path = Path.Combine(BinDirectory, "baton");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The baton executable is not at {path}. Run scripts/setup (it publishes to artifacts/bin) or set BATON_BIN_DIR.");
        }
    }

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Baton.slnx above {AppContext.BaseDirectory}.");
    }
}
