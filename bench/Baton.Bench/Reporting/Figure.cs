using Baton.Bench.Measurement;

namespace Baton.Bench.Reporting;

/// <summary>One measured figure: either a distribution of samples or a single value, with its unit.</summary>
public sealed record Figure(string Name, string Unit, Distribution? Spread, double? Value)
{
    public static Figure Of(string name, string unit, IReadOnlyCollection<double> samples) => new(name, unit, Distribution.Of(samples), null);

    public static Figure Single(string name, string unit, double value) => new(name, unit, null, value);
}
