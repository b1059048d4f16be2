using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Bench.Measurement;

namespace Baton.Bench.Reporting;

/// <summary>Prints a report for people (aligned text) or for machines (one JSON object).</summary>
public static class ReportWriter
{
    public static void WriteText(TextWriter output, BenchReport report, MachineInfo machine)
    {
        output.WriteLine($"== {report.Benchmark}: {report.Title}");
        output.WriteLine($"   machine: {machine}");
        if (report.Parameters.Count > 0)
        {
            output.WriteLine($"   parameters: {string.Join(", ", report.Parameters.Select(p => $"{p.Key}={p.Value}"))}");
        }

        var width = report.Figures.Count == 0 ? 0 : report.Figures.Max(f => f.Name.Length + f.Unit.Length + 3);
        foreach (var figure in report.Figures)
        {
            var label = $"{figure.Name} ({figure.Unit})".PadRight(width);
            output.WriteLine(figure.Spread is { } s
                ? $"   {label}  median {N(s.Median)}  p90 {N(s.P90)}  p99 {N(s.P99)}  min {N(s.Min)}  max {N(s.Max)}  n={s.Count}"
                : $"   {label}  {N(figure.Value ?? 0)}");
        }

        foreach (var note in report.Notes)
        {
            output.WriteLine($"   note: {note}");
        }

        output.WriteLine($"summary: {report.Summary}");
        output.Flush();
    }

    public static void WriteJson(TextWriter output, BenchReport report, MachineInfo machine)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in report.Parameters)
        {
            parameters[key] = value;
        }

        var figures = new JsonArray();
        foreach (var figure in report.Figures)
        {
            var item = new JsonObject { ["name"] = figure.Name, ["unit"] = figure.Unit };
            if (figure.Spread is { } s)
            {
                AddSpread(item, s);
            }
            else
            {
                item["value"] = Round(figure.Value ?? 0);
            }

            figures.Add(item);
        }

        var json = new JsonObject
        {
            ["benchmark"] = report.Benchmark,
            ["title"] = report.Title,
            ["machine"] = new JsonObject
            {
                ["processors"] = machine.Processors,
                ["cpuModel"] = machine.CpuModel,
                ["memoryGb"] = Round(machine.MemoryGigabytes),
                ["kernel"] = machine.Kernel,
                ["takenAt"] = machine.TakenAt.ToString("O", CultureInfo.InvariantCulture),
                ["loadAverage"] = machine.LoadAverage,
            },
            ["parameters"] = parameters,
            ["figures"] = figures,
            ["notes"] = new JsonArray([.. report.Notes.Select(n => (JsonNode?)n)]),
            ["summary"] = report.Summary,
        };
        output.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        output.Flush();
    }

    private static void AddSpread(JsonObject item, Distribution s)
    {
        item["count"] = s.Count;
        item["median"] = Round(s.Median);
        item["p90"] = Round(s.P90);
        item["p99"] = Round(s.P99);
        item["min"] = Round(s.Min);
        item["max"] = Round(s.Max);
        item["mean"] = Round(s.Mean);
    }

    private static double Round(double value) => Math.Round(value, 3);

    /// <summary>Three significant digits at most, never scientific notation.</summary>
    public static string N(double value) => Math.Abs(value) switch
    {
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };
}
