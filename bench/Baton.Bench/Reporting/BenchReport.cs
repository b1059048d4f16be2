namespace Baton.Bench.Reporting;

/// <summary>What one benchmark found: its parameters, its figures, and a one-line summary.</summary>
public sealed class BenchReport(string benchmark, string title)
{
    public string Benchmark { get; } = benchmark;

    public string Title { get; } = title;

    public List<KeyValuePair<string, string>> Parameters { get; } = [];

    public List<Figure> Figures { get; } = [];

    /// <summary>How the figures were taken, for whoever reads them later (one line each).</summary>
    public List<string> Notes { get; } = [];

    public string Summary { get; set; } = string.Empty;

    public BenchReport With(string parameter, object value)
    {
        Parameters.Add(new(parameter, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        return this;
    }

    public Figure Add(Figure figure)
    {
        Figures.Add(figure);
        return figure;
    }
}
