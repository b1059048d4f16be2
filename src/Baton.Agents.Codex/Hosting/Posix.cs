using System.Runtime.InteropServices;

namespace Baton.Agents.Codex.Hosting;

/// <summary>The one signal call .NET does not offer: a polite SIGTERM before <see cref="System.Diagnostics.Process.Kill()"/>.</summary>
internal static partial class Posix
{
    public const int SignalTerminate = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
