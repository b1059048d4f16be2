using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Baton.Daemon.Security;

/// <summary>
/// Asks the kernel who is on the other end of a Unix socket: the one fact about a local caller that the caller
/// cannot forge. The daemon's own uid comes from <c>geteuid</c>.
/// </summary>
/// <remarks>
/// <para>
/// Linux: <c>getsockopt(SOL_SOCKET=1, SO_PEERCRED=17)</c> fills <c>struct ucred { pid_t pid; uid_t uid; gid_t gid; }</c>,
/// three native-endian 32-bit integers, captured when the peer called <c>connect</c>. .NET's
/// <see cref="Socket.GetRawSocketOption"/> makes that call, so no P/Invoke is needed for it.
/// </para>
/// <para>
/// macOS (the documented TODO seam, compiled but not tested here): <c>getpeereid</c> is libc's wrapper over
/// <c>getsockopt(SOL_LOCAL=0, LOCAL_PEERCRED=1)</c>, which fills <c>struct xucred { u_int cr_version; uid_t cr_uid; … }</c>;
/// <c>LOCAL_PEERPID=2</c> gives the pid. Both are read the same way below.
/// </para>
/// </remarks>
internal static partial class PeerCredentials
{
    private const int LinuxSolSocket = 1;
    private const int LinuxSoPeerCred = 17;
    private const int MacSolLocal = 0;
    private const int MacLocalPeerCred = 1;
    private const int MacLocalPeerPid = 2;

    /// <summary>The uid the daemon runs as: the owner of every session it reaches.</summary>
    public static int? EffectiveUserId() =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? (int)GetEffectiveUserId() : null;

    /// <summary>The peer's pid and uid, or false where the platform cannot tell (then the caller is unknown and refused).</summary>
    public static bool TryRead(Socket socket, out int pid, out int uid)
    {
        pid = 0;
        uid = 0;
        if (socket.AddressFamily != AddressFamily.Unix)
        {
            return false;
        }

        try
        {
            if (OperatingSystem.IsLinux())
            {
                Span<byte> ucred = stackalloc byte[12];
                if (socket.GetRawSocketOption(LinuxSolSocket, LinuxSoPeerCred, ucred) < 12)
                {
                    return false;
                }

                uid = MemoryMarshal.Read<int>(ucred[4..]);
                pid = MemoryMarshal.Read<int>(ucred);
                return true;
            }

            if (OperatingSystem.IsMacOS())
            {
                Span<byte> xucred = stackalloc byte[76];
                Span<byte> peerPid = stackalloc byte[4];
                if (socket.GetRawSocketOption(MacSolLocal, MacLocalPeerCred, xucred) < 8
                    || socket.GetRawSocketOption(MacSolLocal, MacLocalPeerPid, peerPid) < 4)
                {
                    return false;
                }

                uid = MemoryMarshal.Read<int>(xucred[4..]);
                pid = MemoryMarshal.Read<int>(peerPid);
                return true;
            }
        }
        catch (SocketException)
        {
            // The peer is already gone, or the option is unknown here: an unknown caller.
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
