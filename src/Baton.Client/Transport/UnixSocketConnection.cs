using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Baton.Client.Transport;

/// <summary>
/// A connected Unix stream socket driven by blocking libc calls (Linux and macOS).
/// </summary>
/// <remarks>
/// Not <see cref="Socket"/>: its constructor starts .NET's socket event engine (an epoll instance and a thread,
/// waited for until it runs), which the CLI's one blocking call never uses; 1 to 1.5 ms of every
/// <c>baton inject</c> on a 2-core machine whose thread starts are dear (issue 6). Errors are
/// <see cref="SocketException"/>s with the <see cref="SocketError"/> .NET would give, so callers tell a missing
/// daemon from a dropped one the same way for both transports.
/// </remarks>
internal sealed unsafe partial class UnixSocketConnection : IDisposable
{
    private const int AddressFamilyUnix = 1; // AF_UNIX
    private const int StreamType = 1; // SOCK_STREAM
    private const int CloseOnExecLinux = 0x80000; // SOCK_CLOEXEC
    private const int ShutdownBoth = 2; // SHUT_RDWR
    private const int Interrupted = 4; // EINTR

    // sun_path, the path's room in struct sockaddr_un, with its terminating NUL.
    private static readonly int PathCapacity = OperatingSystem.IsMacOS() ? 104 : 108;

    private readonly int _descriptor;
    private int _closed;

    private UnixSocketConnection(int descriptor) => _descriptor = descriptor;

    /// <exception cref="SocketException">The socket could not be made or connected (no daemon: ConnectionRefused or AddressNotAvailable).</exception>
    /// <exception cref="ArgumentException">The path does not fit a Unix socket address.</exception>
    public static UnixSocketConnection Connect(string path)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path);
        if (pathBytes.Length == 0 || pathBytes.Length >= PathCapacity)
        {
            throw new ArgumentException($"The socket path '{path}' is {pathBytes.Length} bytes long; a Unix socket path must be 1 to {PathCapacity - 1}. Set BATON_HOME to a shorter folder.", nameof(path));
        }

        // Close-on-exec: a daemon this CLI starts must not inherit the connection.
        var descriptor = Call(CreateSocket(AddressFamilyUnix, StreamType | (OperatingSystem.IsLinux() ? CloseOnExecLinux : 0), 0));
        var connection = new UnixSocketConnection(descriptor);
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                _ = Call(SetDescriptorFlags(descriptor, 2, 1)); // fcntl(F_SETFD, FD_CLOEXEC)
            }

            // struct sockaddr_un: the family (a byte of length first on macOS), then the NUL-terminated path.
            var address = stackalloc byte[2 + PathCapacity];
            new Span<byte>(address, 2 + PathCapacity).Clear();
            if (OperatingSystem.IsMacOS())
            {
                address[0] = (byte)(2 + pathBytes.Length + 1);
                address[1] = AddressFamilyUnix;
            }
            else
            {
                *(ushort*)address = AddressFamilyUnix;
            }

            pathBytes.CopyTo(new Span<byte>(address + 2, PathCapacity));
            while (ConnectSocket(descriptor, address, 2 + pathBytes.Length + 1) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Interrupted)
                {
                    throw ErrorFor(errno);
                }
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void SendAll(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                // MSG_NOSIGNAL on Linux: a closed peer is EPIPE, not a SIGPIPE (.NET ignores SIGPIPE anyway).
                var count = Send(_descriptor, start + sent, bytes.Length - sent, OperatingSystem.IsLinux() ? 0x4000 : 0);
                if (count < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != Interrupted)
                    {
                        throw ErrorFor(errno);
                    }

                    continue;
                }

                sent += (int)count;
            }
        }
    }

    /// <returns>The bytes read, 0 once the peer has closed (or <see cref="Shutdown"/> was called).</returns>
    public int Receive(Span<byte> into)
    {
        fixed (byte* start = into)
        {
            while (true)
            {
                var count = Receive(_descriptor, start, into.Length, 0);
                if (count >= 0)
                {
                    return (int)count;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Interrupted)
                {
                    throw ErrorFor(errno);
                }
            }
        }
    }

    /// <summary>Ends a send or receive blocked on another thread at once; the descriptor stays open until <see cref="Dispose"/>.</summary>
    public void Shutdown()
    {
        if (Volatile.Read(ref _closed) == 0)
        {
            _ = ShutdownSocket(_descriptor, ShutdownBoth);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _ = Close(_descriptor);
        }
    }

    private static int Call(int result) => result >= 0 ? result : throw ErrorFor(Marshal.GetLastPInvokeError());

    /// <summary>The error as .NET's sockets report it: ENOENT is AddressNotAvailable there, the rest by name.</summary>
    private static SocketException ErrorFor(int errno)
    {
        var error = errno switch
        {
            2 => SocketError.AddressNotAvailable, // ENOENT: no socket file
            13 or 1 => SocketError.AccessDenied, // EACCES, EPERM
            _ when errno == (OperatingSystem.IsMacOS() ? 61 : 111) => SocketError.ConnectionRefused,
            _ when errno == (OperatingSystem.IsMacOS() ? 54 : 104) => SocketError.ConnectionReset,
            _ when errno == (OperatingSystem.IsMacOS() ? 53 : 103) => SocketError.ConnectionAborted,
            32 => SocketError.Shutdown, // EPIPE
            _ => SocketError.SocketError,
        };
        return error == SocketError.SocketError
            ? new SocketException((int)error, $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
            : new SocketException((int)error);
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int CreateSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int SetDescriptorFlags(int descriptor, int command, int flags);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectSocket(int descriptor, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int descriptor, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Receive(int descriptor, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int ShutdownSocket(int descriptor, int how);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
