using System.Runtime.InteropServices;

namespace Baton.Daemon.Limits;

/// <summary>
/// Raises this process's soft limit on open files to its hard limit, so the connection limit, not a default soft
/// limit of 1024 inherited from a shell, is what callers meet.
/// </summary>
internal static partial class FileDescriptorLimit
{
    private const int ResourceOpenFiles = 7; // RLIMIT_NOFILE on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <returns>The soft limit now in force, or null where it cannot be read (not Linux).</returns>
    public static ulong? RaiseSoftToHard()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        if (GetResourceLimit(ResourceOpenFiles, out var limit) != 0)
        {
            return null;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (SetResourceLimit(ResourceOpenFiles, in raised) == 0)
            {
                return raised.Current;
            }
        }

        return limit.Current;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetResourceLimit(int resource, out ResourceLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetResourceLimit(int resource, in ResourceLimit limit);
}
