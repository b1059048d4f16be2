using System.Globalization;

namespace Baton.Bench.Measurement;

/// <summary>Resident memory of a process as the kernel reports it (<c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c>).</summary>
public static class ProcessMemory
{
    public static double ResidentMegabytes(int pid)
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
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:     51234 kB"
                var kilobytes = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line (a zombie process?).");
    }
}
