using System.Runtime.InteropServices;

namespace Baton.Cli.Interop;

/// <summary>Whether this user's permissions allow connecting to a Unix socket, asked of the system itself.</summary>
internal static partial class SocketAccess
{
    private const int WriteAccess = 2; // W_OK: connecting to a Unix socket needs write permission on it
    private const int NoSuchFile = 2; // ENOENT

    /// <summary>
    /// True when file permissions do not explain why connecting to <paramref name="socketPath"/> was denied: the
    /// socket is this user's to use, or is not there at all (which, connecting, would have said so instead). Then
    /// something else denied it, such as a sandbox's system-call filter. Linux and macOS only.
    /// </summary>
    public static bool DenialIsNotPermissions(string socketPath) =>
        !OperatingSystem.IsWindows() && (Access(socketPath, WriteAccess) == 0 || Marshal.GetLastPInvokeError() == NoSuchFile);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
