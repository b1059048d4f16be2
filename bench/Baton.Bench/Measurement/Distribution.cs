namespace Baton.Bench.Measurement;

/// <summary>
/// The spread of one measured quantity: median, p90, p99, min and max over every sample (nearest-rank
/// percentiles, so each figure is a value that was really observed).
/// </summary>
public sealed record Distribution(int Count, double Median, double P90, double P99, double Min, double Max, double Mean)
{
    public static Distribution Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("A distribution needs at least one sample.", nameof(samples));
        }

        var sorted = samples.Order().ToArray();
        return new Distribution(
            sorted.Length,
            Percentile(sorted, 50),
            Percentile(sorted, 90),
            Percentile(sorted, 99),
            sorted[0],
            sorted[^1],
            sorted.Average());
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="percent"/>% of samples at or below it.</summary>
    private static double Percentile(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
