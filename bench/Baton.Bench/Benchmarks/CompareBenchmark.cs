using System.Globalization;
using Baton.Bench.Harness;
using Baton.Bench.Measurement;
using Baton.Bench.Reporting;

namespace Baton.Bench.Benchmarks;

/// <summary>
/// <c>baton inject SESSION --text T</c> (no <c>--wait</c>, through the running daemon) against
/// <c>codex queue --thread SESSION --message T</c>, on the same app-server and the same thread, alternating, each
/// timed as a whole process. Every run meets an idle thread (see <see cref="IdleTurnPacer"/>), and the model answers
/// at once, so neither command ever waits behind a turn; both start one real turn.
/// </summary>
public static class CompareBenchmark
{
    private const int WarmupRuns = 2;

    public static async Task<BenchReport> RunAsync(BenchExecutables executables, int runs, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var idle = await IdleSession.StartAsync(executables, "compare", cancellationToken);
        var (env, pacer) = (idle.Environment, idle.Pacer);
        var name = idle.Name;

        var baton = new List<double>();
        var codex = new List<double>();
        var batonToTurn = new List<double>();
        var codexToTurn = new List<double>();
        var notDelivered = 0;
        for (var i = -WarmupRuns; i < runs; i++)
        {
            var measured = i >= 0;
            var text = string.Create(CultureInfo.InvariantCulture, $"bench compare run {i}");

            // Alternate which command goes first, so neither always follows the other's turn.
            foreach (var useBaton in (i & 1) == 0 ? new[] { true, false } : [false, true])
            {
                await pacer.WaitUntilIdleAsync(cancellationToken);
                if (useBaton)
                {
                    var result = (await env.RunBatonAsync(["inject", name, "--text", text + " via baton"], cancellationToken)).EnsureSuccess("baton inject");
                    pacer.TurnStarted();
                    if (measured)
                    {
                        baton.Add(result.Milliseconds);
                        batonToTurn.Add(Stopwatches.Milliseconds(result.StartedAt, await pacer.LastTurnStartedAsync(cancellationToken)));
                        notDelivered += (result.StdOut + result.StdErr).Contains("delivered", StringComparison.Ordinal) ? 0 : 1;
                    }
                }
                else
                {
                    var result = (await env.RunCodexAsync(["queue", "--thread", name, "--message", text + " via codex queue"], cancellationToken)).EnsureSuccess("codex queue");
                    pacer.TurnStarted();
                    if (measured)
                    {
                        codex.Add(result.Milliseconds);
                        codexToTurn.Add(Stopwatches.Milliseconds(result.StartedAt, await pacer.LastTurnStartedAsync(cancellationToken)));
                    }
                }
            }

            if (measured && (i + 1) % 10 == 0)
            {
                await progress.WriteLineAsync($"compare: {i + 1}/{runs} runs");
            }
        }

        await pacer.WaitUntilIdleAsync(cancellationToken);

        var report = new BenchReport("compare", "baton inject vs codex queue, same app-server and thread, alternating, wall clock per process")
            .With("runs", runs).With("warmupRuns", WarmupRuns).With("session", name);
        var batonFigure = report.Add(Figure.Of("baton inject (AOT CLI, no --wait, running daemon)", "ms", baton));
        var codexFigure = report.Add(Figure.Of("codex queue --thread NAME --message TEXT", "ms", codex));
        var ratio = codexFigure.Spread!.Median / batonFigure.Spread!.Median;
        report.Add(Figure.Single("ratio of medians (codex queue / baton inject)", "x", ratio));
        report.Add(Figure.Of("baton inject: process start -> turn/started", "ms", batonToTurn));
        report.Add(Figure.Of("codex queue: process start -> turn/started", "ms", codexToTurn));
        report.Notes.Add("each run meets an idle thread (the bench waits for every earlier turn to end); the scripted model answers at once");
        report.Notes.Add("both commands name the session; baton returns once the turn started, codex queue once the message is in its queue (the turn starts right after)");
        if (notDelivered > 0)
        {
            report.Notes.Add($"{notDelivered} baton runs did not report 'delivered' (the daemon still saw a turn running and queued the message)");
        }

        report.Summary = string.Create(CultureInfo.InvariantCulture,
            $"baton inject median {ReportWriter.N(batonFigure.Spread.Median)} ms vs codex queue {ReportWriter.N(codexFigure.Spread.Median)} ms: baton is {ratio:F1}x faster (goal: 10x)");
        return report;
    }
}
