using System.Diagnostics;

namespace Baton.Bench.Measurement;

/// <summary>Elapsed milliseconds between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
public static class Stopwatches
{
    public static double Milliseconds(long start, long end) => (end - start) * 1000.0 / Stopwatch.Frequency;

    public static double MillisecondsSince(long start) => Milliseconds(start, Stopwatch.GetTimestamp());
}
