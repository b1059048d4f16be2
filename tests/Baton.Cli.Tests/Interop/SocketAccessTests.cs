using System.Net.Sockets;
using Baton.Cli.Interop;
using Baton.Cli.Tests.Infrastructure;

namespace Baton.Cli.Tests.Interop;

/// <summary>
/// Whether a denied connection can be blamed on the socket's permissions. (Tests run as root, for whom permissions
/// never deny, so the "another user's socket" case is covered by SecondUserTests end to end.)
/// </summary>
public sealed class SocketAccessTests
{
    [Fact(Timeout = 30000)]
    public void DenialIsNotPermissions_SocketThisUserMayUse_True()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "baton.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));

        Assert.True(SocketAccess.DenialIsNotPermissions(path));
    }

    [Fact(Timeout = 30000)]
    public void DenialIsNotPermissions_NoSocketThere_True()
    {
        using var folder = new TempDirectory();

        Assert.True(SocketAccess.DenialIsNotPermissions(Path.Combine(folder.Path, "baton.sock")));
    }

    [Fact(Timeout = 30000)]
    public void DenialIsNotPermissions_PathThatCannotBeReached_False()
    {
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "a-file");
        File.WriteAllText(file, "");

        // ENOTDIR, like EACCES a reason of the file system's own.
        Assert.False(SocketAccess.DenialIsNotPermissions(Path.Combine(file, "baton.sock")));
    }
}
