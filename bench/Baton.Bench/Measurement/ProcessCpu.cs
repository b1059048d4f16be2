using System.Globalization;

namespace Baton.Bench.Measurement;

/// <summary>A process's CPU time as the kernel counts it in <c>/proc/&lt;pid&gt;/stat</c>.</summary>
public static class ProcessCpu
{
    // The kernel's clock tick for these fields (USER_HZ); 100 on Linux on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>
    /// User plus system time of all the process's threads so far, in milliseconds (10 ms steps): on a machine shared
    /// with the load generator it tells the daemon's work per request apart from the machine's mood, which moves the
    /// rate by a fifth from one run to the next.
    /// </summary>
    public static double Milliseconds(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException($"Cannot read the CPU time of process {pid}: it is gone ({exception.Message}).", exception);
        }

        // "pid (comm) state ppid …": the name may hold spaces and parentheses, so count fields after its last ')'.
        // utime and stime are fields 14 and 15, the 12th and 13th after the name.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1000 / TicksPerSecond;
    }
}
