using System.Diagnostics;

namespace Baton.Cli.Daemon;

/// <summary>Whether a process id still names a running process.</summary>
internal static class ProcessProbe
{
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // A detached daemon is reparented; where nobody reaps it (PID 1 in a bare container) it lingers as a
            // zombie, which Process.GetProcessById still reports. /proc says which state it really is in.
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return true;
            }

            var nameEnd = stat.LastIndexOf(')');
            return nameEnd < 0 || nameEnd + 2 >= stat.Length || stat[nameEnd + 2] is not ('Z' or 'X');
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
