using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Baton.Bench.Interop;

/// <summary>
/// Starts a command with <c>posix_spawn</c> and waits for it with <c>waitpid</c> on the calling thread, as a shell
/// does. .NET's <see cref="System.Diagnostics.Process"/> adds its own costs to every start and exit (pipes, a
/// SIGCHLD thread that hands the exit to the thread pool): about 1 ms for <c>/bin/true</c> on the 2-core machine,
/// more when the daemon and Codex keep both cores busy. Timing through it charged those to the command timed.
/// </summary>
internal static unsafe partial class PosixSpawn
{
    // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on 64-bit Linux; room to spare
    // costs nothing.
    private const int FileActionsSize = 256;
    private const int AttributesSize = 1024;
    private const short SetProcessGroup = 0x02; // POSIX_SPAWN_SETPGROUP
    private const int ReadOnly = 0; // O_RDONLY
    private const int Interrupted = 4; // EINTR
    private const int KillSignal = 9; // SIGKILL

    /// <summary>
    /// Starts <paramref name="executable"/> as the leader of a process group of its own (what it starts joins it, so
    /// <see cref="KillGroup"/> ends them all); standard input reads /dev/null, output goes to the given descriptors.
    /// <paramref name="startedAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp taken just before
    /// <c>posix_spawn</c>, once the arguments and environment are ready.
    /// </summary>
    public static int Start(string executable, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, int stdoutFd, int stderrFd, out long startedAt)
    {
        var strings = new List<nint>();
        var fileActions = (byte*)NativeMemory.AllocZeroed(FileActionsSize);
        var attributes = (byte*)NativeMemory.AllocZeroed(AttributesSize);
        try
        {
            var path = Utf8(executable, strings);
            var argv = NullTerminated([executable, .. arguments], strings);
            var envp = NullTerminated(environment, strings);
            Check(FileActionsInit(fileActions), "posix_spawn_file_actions_init");
            Check(AttributesInit(attributes), "posix_spawnattr_init");
            Check(AttributesSetFlags(attributes, SetProcessGroup), "posix_spawnattr_setflags");
            Check(AttributesSetProcessGroup(attributes, 0), "posix_spawnattr_setpgroup");
            Check(FileActionsAddOpen(fileActions, 0, Utf8("/dev/null", strings), ReadOnly, 0), "posix_spawn_file_actions_addopen");
            Check(FileActionsAddDup2(fileActions, stdoutFd, 1), "posix_spawn_file_actions_adddup2");
            Check(FileActionsAddDup2(fileActions, stderrFd, 2), "posix_spawn_file_actions_adddup2");
            int pid;
            startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            Check(Spawn(&pid, path, fileActions, attributes, argv, envp), $"posix_spawn {executable}");
            return pid;
        }
        finally
        {
            // glibc's destroy functions also take the zeroed memory of an init that never ran or failed.
            AttributesDestroy(attributes);
            FileActionsDestroy(fileActions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(fileActions);
            foreach (var pointer in strings)
            {
                NativeMemory.Free((void*)pointer);
            }
        }
    }

    /// <summary>Blocks until the child ends; its exit code, or 128 + the signal that ended it (as a shell reports it).</summary>
    public static int WaitForExit(int pid)
    {
        int status;
        while (WaitPid(pid, &status, 0) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Interrupted)
            {
                throw new Win32Exception(errno, $"waitpid {pid}");
            }
        }

        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    /// <summary>Kills the process group <see cref="Start"/> made: the command and whatever it started that stayed in it.</summary>
    public static void KillGroup(int pid) => _ = SendSignal(-pid, KillSignal);

    private static byte* Utf8(string value, List<nint> owned)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        var native = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(native, bytes.Length));
        native[bytes.Length] = 0;
        owned.Add((nint)native);
        return native;
    }

    private static byte** NullTerminated(IReadOnlyList<string> values, List<nint> owned)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(nint));
        owned.Add((nint)array);
        for (var i = 0; i < values.Count; i++)
        {
            array[i] = Utf8(values[i], owned);
        }

        return array;
    }

    /// <summary>The posix_spawn family returns the error number instead of setting errno.</summary>
    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new Win32Exception(result, what);
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static partial int Spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static partial int FileActionsAddOpen(void* fileActions, int fd, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int FileActionsAddDup2(void* fileActions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    private static partial int AttributesSetProcessGroup(void* attributes, int processGroup);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
