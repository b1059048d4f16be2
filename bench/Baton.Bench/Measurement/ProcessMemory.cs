using System.Globalization;

namespace Baton.Bench.Measurement;

/// <summary>A process's memory as the kernel reports it in <c>/proc/&lt;pid&gt;/status</c>.</summary>
public static class ProcessMemory
{
    /// <summary><c>VmRSS</c>: every resident page, including pages of mapped files the kernel may drop at any time.</summary>
    public static double ResidentMegabytes(int pid) => StatusMegabytes(pid, "VmRSS:");

    /// <summary>
    /// <c>RssAnon</c>: resident memory no file backs (heaps, the GC's memory, stacks). Unlike VmRSS it does not
    /// fall when the kernel reclaims page cache, so growth in it is the process's own.
    /// </summary>
    public static double AnonymousMegabytes(int pid) => StatusMegabytes(pid, "RssAnon:");

    private static double StatusMegabytes(int pid, string field)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException($"Cannot read the memory of process {pid}: it is gone ({exception.Message}).", exception);
        }

        foreach (var line in lines)
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:     51234 kB"
                var kilobytes = long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field} line (a zombie process?).");
    }
}
