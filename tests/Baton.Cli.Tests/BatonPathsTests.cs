using Baton.Protocol;

namespace Baton.Cli.Tests;

/// <summary>
/// On Windows the daemon and the CLI meet on a named pipe derived from the socket path; these check that derivation
/// on any platform: both sides get the same name, two homes never share one, and the name is a valid pipe name.
/// </summary>
public sealed class BatonPathsTests
{
    [Fact(Timeout = 30000)]
    public void PipeName_SameHome_SameNameFromDaemonAndClientSide()
    {
        var paths = new BatonPaths(Path.Combine(Path.GetTempPath(), "home-a"));

        Assert.Equal(paths.PipeName, BatonPaths.PipeNameFor(paths.SocketPath));
        Assert.Equal(paths.PipeName, new BatonPaths(Path.Combine(Path.GetTempPath(), "home-a")).PipeName);
    }

    [Fact(Timeout = 30000)]
    public void PipeName_DifferentHomes_DifferentNames()
    {
        var a = new BatonPaths(Path.Combine(Path.GetTempPath(), "home-a"));
        var b = new BatonPaths(Path.Combine(Path.GetTempPath(), "home-b"));

        Assert.NotEqual(a.PipeName, b.PipeName);
    }

    [Fact(Timeout = 30000)]
    public void PipeName_IsShortAndHasNoPathCharacters()
    {
        var name = new BatonPaths(Path.Combine(Path.GetTempPath(), "a folder with spaces", "and\\back", "..", "x")).PipeName;

        Assert.Matches("^baton-[0-9a-f]{16}$", name);
    }
}
