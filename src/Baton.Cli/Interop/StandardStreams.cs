using System.Runtime.InteropServices;

namespace Baton.Cli.Interop;

/// <summary>The process's standard input, output and error: <see cref="DescriptorStream"/>s on Linux and macOS, the console's elsewhere.</summary>
internal static partial class StandardStreams
{
    private const int GetDescriptorFlags = 1; // F_GETFD
    private const int ReadWrite = 2; // O_RDWR

    // Which of descriptors 0, 1 and 2 the process was started without; set by ReserveClosedDescriptors.
    private static readonly bool[] ClosedAtStart = new bool[3];

    /// <summary>
    /// Puts /dev/null on each of descriptors 0, 1 and 2 the process was started without, and remembers which. A new
    /// file or socket takes the lowest free number, so otherwise the first one opened becomes standard input or
    /// output: with 0 closed, <c>--text -</c> read the runtime's /dev/urandom; with 1 closed, output could go into
    /// the daemon's socket. The streams of such a descriptor then fail as on a closed one (Linux and macOS only).
    /// </summary>
    public static void ReserveClosedDescriptors()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        for (var descriptor = 0; descriptor < ClosedAtStart.Length; descriptor++)
        {
            // Lowest free number first: opening /dev/null now lands exactly on this descriptor.
            if (DescriptorFlags(descriptor, GetDescriptorFlags) == -1 && OpenFile("/dev/null", ReadWrite) == descriptor)
            {
                ClosedAtStart[descriptor] = true;
            }
        }
    }

    public static Stream Input() => OperatingSystem.IsWindows() ? Console.OpenStandardInput() : new DescriptorStream(0, readable: true, closedAtStart: ClosedAtStart[0]);

    public static Stream Output() => OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : new DescriptorStream(1, readable: false, closedAtStart: ClosedAtStart[1]);

    public static Stream Error() => OperatingSystem.IsWindows() ? Console.OpenStandardError() : new DescriptorStream(2, readable: false, failuresIgnored: true, closedAtStart: ClosedAtStart[2]);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int DescriptorFlags(int descriptor, int command);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenFile(string path, int flags);
}
