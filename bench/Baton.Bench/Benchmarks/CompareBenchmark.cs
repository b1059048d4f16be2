using System.Globalization;
using Baton.Bench.Harness;
using Baton.Bench.Measurement;
using Baton.Bench.Reporting;

namespace Baton.Bench.Benchmarks;

/// <summary>
/// <c>baton inject SESSION --text T</c> (no <c>--wait</c>, through the running daemon) against
/// <c>codex queue --thread SESSION --message T</c>, on the same app-server and the same thread, in turn, each timed
/// as a whole process. <c>codex queue</c> runs twice each round: as the native executable (what Baton itself runs:
/// the least it can cost) and as the <c>codex</c> command npm installs (a Node.js script that starts that same
/// executable: what a user or a script types). Every run meets an idle thread (see <see cref="IdleTurnPacer"/>), and
/// the model answers at once, so no command ever waits behind a turn; each starts one real turn.
/// </summary>
public static class CompareBenchmark
{
    private const int WarmupRuns = 2;

    public static async Task<BenchReport> RunAsync(BenchExecutables executables, int runs, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var idle = await IdleSession.StartAsync(executables, "compare", cancellationToken);
        var (env, pacer) = (idle.Environment, idle.Pacer);
        var name = idle.Name;

        var baton = new Contender("baton inject (AOT CLI, no --wait, running daemon)", "baton", text =>
            env.RunBatonAsync(["inject", name, "--text", text], cancellationToken));
        var codex = new Contender("codex queue --thread NAME --message TEXT (native executable)", "codex queue (native)", text =>
            env.RunCodexAsync(["queue", "--thread", name, "--message", text], cancellationToken));
        var contenders = new List<Contender> { baton, codex };
        if (executables.CodexCommand is { } npmCommand)
        {
            contenders.Add(new Contender("codex queue --thread NAME --message TEXT (npm's codex: Node.js, then the native executable)", "codex queue (npm command)", text =>
                env.RunCodexAsync(["queue", "--thread", name, "--message", text], cancellationToken, npmCommand)));
        }

        // Every order in turn, so each command follows each other one equally often (see RoundOrders). Baton starts
        // the first warm-up round: codex queue finds a thread by name only once it has had a turn (its rollout exists).
        var orders = RoundOrders.Permutations(contenders);
        var notDelivered = 0;
        for (var i = -WarmupRuns; i < runs; i++)
        {
            var measured = i >= 0;
            foreach (var contender in orders[(i + WarmupRuns) % orders.Count])
            {
                await pacer.WaitUntilIdleAsync(cancellationToken);
                var text = string.Create(CultureInfo.InvariantCulture, $"bench compare run {i} via {contender.Short}");
                var result = (await contender.Run(text)).EnsureSuccess(contender.Short);
                pacer.TurnStarted();
                if (measured)
                {
                    contender.Times.Add(result.Milliseconds);
                    contender.ToTurn.Add(Stopwatches.Milliseconds(result.StartedAt, await pacer.LastTurnStartedAsync(cancellationToken)));
                    if (contender == baton && !(result.StdOut + result.StdErr).Contains("delivered", StringComparison.Ordinal))
                    {
                        notDelivered++;
                    }
                }
            }

            if (measured && (i + 1) % 10 == 0)
            {
                await progress.WriteLineAsync($"compare: {i + 1}/{runs} runs");
            }
        }

        await pacer.WaitUntilIdleAsync(cancellationToken);

        var report = new BenchReport("compare", "baton inject vs codex queue, same app-server and thread, in turn, wall clock per process")
            .With("runs", runs).With("warmupRuns", WarmupRuns).With("session", name);
        var figures = contenders.Select(c => report.Add(Figure.Of(c.Label, "ms", c.Times))).ToList();
        var batonMedian = figures[0].Spread!.Median;
        var ratios = contenders.Skip(1).Zip(figures.Skip(1), (c, f) => (c.Short, Ratio: f.Spread!.Median / batonMedian)).ToList();
        foreach (var (what, ratio) in ratios)
        {
            report.Add(Figure.Single($"ratio of medians ({what} / baton inject)", "x", ratio));
        }

        foreach (var contender in contenders)
        {
            report.Add(Figure.Of($"{contender.Short}: process start -> turn/started", "ms", contender.ToTurn));
        }

        report.Notes.Add("each run meets an idle thread (the bench waits for every earlier turn to end); the scripted model answers at once");
        report.Notes.Add("all commands name the session; baton returns once the turn started, codex queue once the message is in its queue (the turn starts right after)");
        if (executables.CodexCommand is null)
        {
            report.Notes.Add("Codex was not installed by npm here, so only its native executable was timed");
        }

        if (notDelivered > 0)
        {
            report.Notes.Add($"{notDelivered} baton runs did not report 'delivered' (the daemon still saw a turn running and queued the message)");
        }

        var against = ratios.Zip(figures.Skip(1), (r, f) => string.Create(CultureInfo.InvariantCulture, $"{r.Short} {ReportWriter.N(f.Spread!.Median)} ms: baton is {r.Ratio:F1}x faster"));
        report.Summary = $"baton inject median {ReportWriter.N(batonMedian)} ms; {string.Join("; ", against)} (goal: 10x)";
        return report;
    }

    /// <summary>One command in the comparison, and what was measured of it.</summary>
    private sealed record Contender(string Label, string Short, Func<string, Task<ChildProcessResult>> Run)
    {
        public List<double> Times { get; } = [];

        public List<double> ToTurn { get; } = [];
    }
}
