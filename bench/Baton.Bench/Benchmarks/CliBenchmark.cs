using System.Globalization;
using Baton.Bench.Harness;
using Baton.Bench.Reporting;

namespace Baton.Bench.Benchmarks;

/// <summary>
/// Issue 6's two targets for the NativeAOT client, each timed as a whole process: <c>baton --help</c>, and
/// <c>baton inject SESSION --text T</c> without <c>--wait</c> to an idle session through a running daemon. Beside
/// them, the same inject to a session busy with a long turn: the receipt is then <c>queued</c> and no Codex call is
/// on its path, which is what a script that injects many times in a row mostly meets. And the client alone: the
/// same inject against a <see cref="CannedReceiptDaemon"/> that answers at once.
/// </summary>
public static class CliBenchmark
{
    private const double TargetMilliseconds = 10;
    private const int WarmupRuns = 2;
    private const int StartingRuns = 5;

    public static async Task<BenchReport> RunAsync(BenchExecutables executables, int runs, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var idle = await IdleSession.StartAsync(executables, "cli", cancellationToken);
        var (env, pacer) = (idle.Environment, idle.Pacer);

        // A second session, busy with a turn that lasts the whole bench: an inject to it is queued behind that turn.
        var busy = (await env.CreateSessionsAsync("cli-busy", 1, 1, cancellationToken))[0];
        await env.StartLongTurnsAsync([busy], cancellationToken);

        using var standIn = CannedReceiptDaemon.Start(Path.Combine(Path.GetDirectoryName(env.BatonHome)!, "stand-in-home"));
        var standInEnvironment = new Dictionary<string, string>(env.ChildEnvironment) { ["BATON_HOME"] = standIn.Home };

        var floor = new List<double>();
        var client = new List<double>();
        var help = new List<double>();
        var inject = new List<double>();
        var queued = new List<double>();
        var notQueued = 0;
        for (var i = -WarmupRuns; i < runs; i++)
        {
            // All three on a quiet machine: the previous run's turn (Codex and the model at work) has ended.
            await pacer.WaitUntilIdleAsync(cancellationToken);
            var floorRun = (await ChildProcess.RunAsync("/bin/true", [], env.ChildEnvironment, cancellationToken)).EnsureSuccess("/bin/true");
            var helpRun = (await env.RunBatonAsync(["--help"], cancellationToken)).EnsureSuccess("baton --help");
            var clientRun = (await ChildProcess.RunAsync(env.Executables.Baton, ["inject", "stand-in", "--text", "bench cli client"], standInEnvironment, cancellationToken))
                .EnsureSuccess("baton inject (stand-in daemon)");
            var queuedRun = (await env.RunBatonAsync(["inject", busy.Name!, "--text", string.Create(CultureInfo.InvariantCulture, $"bench cli queued {i}")], cancellationToken)).EnsureSuccess("baton inject (busy session)");
            var text = string.Create(CultureInfo.InvariantCulture, $"bench cli run {i}");
            var injectRun = (await env.RunBatonAsync(["inject", idle.Name, "--text", text], cancellationToken)).EnsureSuccess("baton inject");
            pacer.TurnStarted();
            if (i >= 0)
            {
                floor.Add(floorRun.Milliseconds);
                help.Add(helpRun.Milliseconds);
                client.Add(clientRun.Milliseconds);
                inject.Add(injectRun.Milliseconds);
                queued.Add(queuedRun.Milliseconds);
                notQueued += (queuedRun.StdOut + queuedRun.StdErr).Contains("queued", StringComparison.Ordinal) ? 0 : 1;
            }
        }

        // Last, so the runs above meet a daemon that has been running: the first command after a reboot, which
        // finds no daemon and starts one before it delivers.
        var starting = new List<double>();
        for (var i = 0; i < Math.Min(runs, StartingRuns); i++)
        {
            await pacer.WaitUntilIdleAsync(cancellationToken);
            (await env.RunBatonAsync(["daemon", "stop"], cancellationToken)).EnsureSuccess("baton daemon stop");
            var text = string.Create(CultureInfo.InvariantCulture, $"bench cli starting the daemon {i}");
            var run = await env.RunBatonAsync(["inject", idle.Name, "--text", text], cancellationToken);
            await env.FollowRestartedDaemonAsync(cancellationToken);
            starting.Add(run.EnsureSuccess("baton inject (starting the daemon)").Milliseconds);
            pacer.TurnStarted();
        }

        await pacer.WaitUntilIdleAsync(cancellationToken);
        await progress.WriteLineAsync($"cli: {runs} runs done");

        var report = new BenchReport("cli", "the NativeAOT baton CLI: --help, and inject to an idle session through a running daemon")
            .With("runs", runs).With("warmupRuns", WarmupRuns).With("targetMs", TargetMilliseconds);
        var floorFigure = report.Add(Figure.Of("/bin/true (the cost of starting any process here, now)", "ms", floor));
        var helpFigure = report.Add(Figure.Of("baton --help", "ms", help));
        var clientFigure = report.Add(Figure.Of("baton inject against a stand-in daemon that answers at once (the client's own cost)", "ms", client));
        var injectFigure = report.Add(Figure.Of("baton inject (no --wait, idle session)", "ms", inject));
        var queuedFigure = report.Add(Figure.Of("baton inject (no --wait, busy session: receipt queued, no Codex call)", "ms", queued));
        report.Add(Figure.Of("baton inject (idle session) with no daemon running: it starts one, then delivers", "ms", starting));
        if (standIn.Answered != runs + WarmupRuns)
        {
            report.Notes.Add($"the stand-in daemon answered {standIn.Answered} requests for {runs + WarmupRuns} injects");
        }

        if (notQueued > 0)
        {
            report.Notes.Add($"{notQueued} injects to the busy session did not report 'queued'");
        }

        report.Notes.Add("wall clock per process, from just before the start to the exit, measured by the bench (posix_spawn and waitpid, as a shell starts and waits)");
        report.Summary = string.Create(CultureInfo.InvariantCulture,
            $"baton --help median {ReportWriter.N(helpFigure.Spread!.Median)} ms ({Verdict(helpFigure.Spread.Median)}), " +
            $"baton inject median {ReportWriter.N(injectFigure.Spread!.Median)} ms ({Verdict(injectFigure.Spread.Median)}); target < {TargetMilliseconds} ms each; " +
            $"inject to a busy session (queued) {ReportWriter.N(queuedFigure.Spread!.Median)} ms; " +
            $"the client's own share {ReportWriter.N(clientFigure.Spread!.Median)} ms; " +
            $"starting /bin/true takes {ReportWriter.N(floorFigure.Spread!.Median)} ms");
        return report;
    }

    private static string Verdict(double median) => median < TargetMilliseconds ? "meets the target" : "MISSES the target";
}
