using System.Runtime.InteropServices;

namespace Baton.Daemon.Limits;

/// <summary>
/// Caps how many heaps ("arenas") glibc's allocator keeps, as <c>MALLOC_ARENA_MAX=2</c> would. By default glibc
/// may open up to eight arenas per core, one for each thread that meets contention; the daemon's thread pool,
/// Kestrel's socket threads and SQLite's native allocations spread over them, and each arena keeps its freed memory.
/// A 10-minute soak at a steady inject rate grew 103 -> 109 MB with the default and 102 -> 103 MB with two arenas
/// (issue 6, "memory flat"). The environment variable is read only when the process starts, so the daemon sets the
/// limit itself, first thing, to get it however it was started.
/// </summary>
internal static partial class MallocArenaLimit
{
    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in glibc's malloc.h
    private const int Arenas = 2;

    /// <summary>Sets the cap where glibc is the C library; elsewhere (not Linux, musl) nothing changes.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            // Someone chose a value on purpose: theirs stands.
            return;
        }

        try
        {
            SetMallocOption(ArenaMaxParameter, Arenas);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // No glibc: its allocator, and so its arenas, are not in this process.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int SetMallocOption(int parameter, int value);
}
