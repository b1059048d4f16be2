using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Baton.Bench.Benchmarks;
using Baton.Bench.Harness;
using Baton.Bench.Reporting;

namespace Baton.Bench.CommandLine;

/// <summary>
/// <c>baton-bench compare|throughput|latency|scale|soak|cli|all [--smoke] [--json]</c>: builds the command tree,
/// runs the chosen benchmarks, prints each report (text, or one JSON object a line with <c>--json</c>) on standard
/// output and progress on standard error. Exit 0 when every benchmark ran, 1 when one could not, 2 on bad usage.
/// </summary>
public static class BenchCommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print each report as one JSON object per line.", Recursive = true };

    private static readonly Option<bool> SmokeOption = new("--smoke")
    {
        Description = "Run with tiny numbers (seconds in total), to check the benchmark works; the figures mean nothing.",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // No option has a default of its own: what is not given comes from BenchSettings (or its smoke numbers).
        var defaults = new BenchSettings();
        var runs = PositiveInt("--runs", $"Measured runs of each command, after 2 warm-up runs (compare {defaults.CompareRuns}, latency {defaults.LatencyRuns}, cli {defaults.CliRuns}).");
        var clients = new Option<int[]?>("--clients")
        {
            Description = $"Concurrent clients, one step per number, comma-separated (default {string.Join(',', defaults.ThroughputClients)}).",
            CustomParser = ParseClientCounts,
        };
        var seconds = PositiveDouble("--seconds", $"Seconds each throughput step sends for (default {defaults.ThroughputSeconds}).");
        var sessions = PositiveInt("--sessions", $"Sessions to open: throughput's busy sessions ({defaults.ThroughputSessions}), scale's known sessions ({defaults.ScaleSessions}), soak's targets ({defaults.SoakSessions}).");
        var watchers = PositiveInt("--watchers", $"Live subscriptions (watch streams) open for the scale figure (default {defaults.ScaleWatchers}).");
        var minutes = PositiveDouble("--minutes", $"Length of the soak (default {defaults.SoakMinutes}).");
        var rate = PositiveDouble("--rate", $"Injects per second during the soak (default {defaults.SoakRate}).");

        var root = new RootCommand("Baton's benchmarks. Each prints median, p90, p99, min and max, and a summary line. Run them inside a loopback-only network namespace (bench/run does).");
        root.Options.Add(JsonOption);
        root.Options.Add(SmokeOption);

        root.Subcommands.Add(Benchmark("compare", "baton inject vs codex queue on the same app-server and thread, alternating; prints the ratio.", [runs],
            (p, s) => s with { CompareRuns = p.GetValue(runs) ?? s.CompareRuns },
            (s, progress, ct) => CompareBenchmark.RunAsync(BenchExecutables.Locate(), s.CompareRuns, progress, ct), output, error));
        root.Subcommands.Add(Benchmark("throughput", "Accepted durable injects per second through the HTTP API, per number of concurrent clients.", [clients, seconds, sessions],
            (p, s) => s with { ThroughputClients = p.GetValue(clients) is { Length: > 0 } given ? given : s.ThroughputClients, ThroughputSeconds = p.GetValue(seconds) ?? s.ThroughputSeconds, ThroughputSessions = p.GetValue(sessions) ?? s.ThroughputSessions },
            (s, progress, ct) => ThroughputBenchmark.RunAsync(BenchExecutables.Locate(), s.ThroughputClients, s.ThroughputSeconds, s.ThroughputSessions, progress, ct), output, error));
        root.Subcommands.Add(Benchmark("latency", "From the caller's request to Codex's turn/started on an idle session.", [runs],
            (p, s) => s with { LatencyRuns = p.GetValue(runs) ?? s.LatencyRuns },
            (s, progress, ct) => LatencyBenchmark.RunAsync(BenchExecutables.Locate(), s.LatencyRuns, progress, ct), output, error));
        root.Subcommands.Add(Benchmark("scale", "Daemon memory with many known sessions and live subscriptions.", [sessions, watchers],
            (p, s) => s with { ScaleSessions = p.GetValue(sessions) ?? s.ScaleSessions, ScaleWatchers = p.GetValue(watchers) ?? s.ScaleWatchers },
            (s, progress, ct) => ScaleBenchmark.RunAsync(BenchExecutables.Locate(), s.ScaleSessions, s.ScaleWatchers, progress, ct), output, error));
        root.Subcommands.Add(Benchmark("soak", "Daemon memory over time at a steady inject rate.", [minutes, rate, sessions],
            (p, s) => s with { SoakMinutes = p.GetValue(minutes) ?? s.SoakMinutes, SoakRate = p.GetValue(rate) ?? s.SoakRate, SoakSessions = p.GetValue(sessions) ?? s.SoakSessions },
            (s, progress, ct) => SoakBenchmark.RunAsync(BenchExecutables.Locate(), s.SoakMinutes, s.SoakRate, s.SoakSessions, progress, ct), output, error));
        root.Subcommands.Add(Benchmark("cli", "baton --help and baton inject (no --wait, idle session) against issue 6's 10 ms targets.", [runs],
            (p, s) => s with { CliRuns = p.GetValue(runs) ?? s.CliRuns },
            (s, progress, ct) => CliBenchmark.RunAsync(BenchExecutables.Locate(), s.CliRuns, progress, ct), output, error));
        root.Subcommands.Add(All(output, error));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"baton-bench: {problem.Message}");
            }

            await error.WriteLineAsync("Run 'baton-bench --help' for usage.");
            return Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    private delegate Task<BenchReport> RunBenchmark(BenchSettings settings, TextWriter progress, CancellationToken cancellationToken);

    private static Command Benchmark(string name, string description, Option[] options, Func<ParseResult, BenchSettings, BenchSettings> configure, RunBenchmark run, TextWriter output, TextWriter error)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) =>
        {
            var settings = configure(parse, parse.GetValue(SmokeOption) ? BenchSettings.Smoke : new BenchSettings());
            return RunAndReportAsync([(name, run)], settings, parse.GetValue(JsonOption), output, error, ct);
        });
        return command;
    }

    private static Command All(TextWriter output, TextWriter error)
    {
        var command = new Command("all", "Every benchmark, one after the other, with its default numbers (or --smoke).");
        command.SetAction((parse, ct) => RunAndReportAsync(
            [
                ("cli", (s, p, t) => CliBenchmark.RunAsync(BenchExecutables.Locate(), s.CliRuns, p, t)),
                ("compare", (s, p, t) => CompareBenchmark.RunAsync(BenchExecutables.Locate(), s.CompareRuns, p, t)),
                ("latency", (s, p, t) => LatencyBenchmark.RunAsync(BenchExecutables.Locate(), s.LatencyRuns, p, t)),
                ("throughput", (s, p, t) => ThroughputBenchmark.RunAsync(BenchExecutables.Locate(), s.ThroughputClients, s.ThroughputSeconds, s.ThroughputSessions, p, t)),
                ("scale", (s, p, t) => ScaleBenchmark.RunAsync(BenchExecutables.Locate(), s.ScaleSessions, s.ScaleWatchers, p, t)),
                ("soak", (s, p, t) => SoakBenchmark.RunAsync(BenchExecutables.Locate(), s.SoakMinutes, s.SoakRate, s.SoakSessions, p, t)),
            ],
            parse.GetValue(SmokeOption) ? BenchSettings.Smoke : new BenchSettings(),
            parse.GetValue(JsonOption),
            output,
            error,
            ct));
        return command;
    }

    /// <summary>Runs each benchmark in turn; one that fails is reported and the others still run.</summary>
    private static async Task<int> RunAndReportAsync(IReadOnlyList<(string Name, RunBenchmark Run)> benchmarks, BenchSettings settings, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var exit = Ok;
        foreach (var (name, run) in benchmarks)
        {
            try
            {
                var report = await run(settings, error, cancellationToken);
                if (json)
                {
                    ReportWriter.WriteJson(output, report, MachineInfo.Current());
                }
                else
                {
                    ReportWriter.WriteText(output, report, MachineInfo.Current());
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"baton-bench {name}: cancelled.");
                return Failed;
            }
            catch (Exception exception) when (exception is BenchSetupException or ArgumentException or Client.BatonClientException)
            {
                await error.WriteLineAsync($"baton-bench {name}: FAILED: {exception.Message}");
                exit = Failed;
            }
        }

        return exit;
    }

    private static Option<int?> PositiveInt(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError($"{name} must be a positive whole number.");
            }
        });
        return option;
    }

    private static Option<double?> PositiveDouble(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0)
            {
                result.AddError($"{name} must be a positive number.");
            }
        });
        return option;
    }

    private static int[]? ParseClientCounts(ArgumentResult result)
    {
        // Also called when the option is absent: then BenchSettings decides.
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = string.Join(',', result.Tokens.Select(t => t.Value));
        var counts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            {
                result.AddError($"--clients takes positive whole numbers separated by commas, e.g. 1,8,64; '{part}' is not one.");
                return null;
            }

            counts.Add(count);
        }

        if (counts.Count == 0)
        {
            result.AddError("--clients needs at least one number, e.g. 1,8,64.");
        }

        return [.. counts];
    }
}
