using System.Globalization;

namespace Baton.Bench.Reporting;

/// <summary>
/// The machine a figure came from: CPUs, CPU model, memory, kernel, when, and the load average when the benchmark
/// ended (other work on a shared machine skews every figure, so the report says how busy it was).
/// </summary>
public sealed record MachineInfo(int Processors, string CpuModel, double MemoryGigabytes, string Kernel, DateTimeOffset TakenAt, string LoadAverage)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadMemoryGigabytes(),
        Environment.OSVersion.VersionString,
        DateTimeOffset.UtcNow,
        ReadLoadAverage());

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Processors} CPUs ({CpuModel}), {MemoryGigabytes:F1} GB RAM, {Kernel}, {TakenAt:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage}");

    private static string ReadLoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double ReadMemoryGigabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is null)
            {
                return 0;
            }

            var kilobytes = long.Parse(line.AsSpan(9).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            return kilobytes / 1024.0 / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
