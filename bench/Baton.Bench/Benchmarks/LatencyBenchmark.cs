using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Harness;
using Baton.Bench.Measurement;
using Baton.Bench.Reporting;
using Baton.Protocol;

namespace Baton.Bench.Benchmarks;

/// <summary>
/// Delivery latency: from the moment a caller sends <c>POST /v1/sessions/{name}/messages</c> on the daemon's socket
/// to the moment Codex's <c>turn/started</c> for that message reaches a client subscribed to the thread (the
/// bench's own app-server connection, as the user's TUI would see it). The session is idle before every run.
/// </summary>
public static class LatencyBenchmark
{
    private const int WarmupRuns = 2;

    public static async Task<BenchReport> RunAsync(BenchExecutables executables, int runs, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var idle = await IdleSession.StartAsync(executables, "latency", cancellationToken);
        var (env, pacer) = (idle.Environment, idle.Pacer);

        var toTurnStarted = new List<double>();
        var toReceipt = new List<double>();
        for (var i = -WarmupRuns; i < runs; i++)
        {
            await pacer.WaitUntilIdleAsync(cancellationToken);
            var request = new InjectRequest { Text = string.Create(CultureInfo.InvariantCulture, $"bench latency run {i}") };
            var sent = Stopwatch.GetTimestamp();
            var receipt = await env.Client.InjectAsync(idle.Name, request, cancellationToken);
            var answered = Stopwatch.GetTimestamp();
            pacer.TurnStarted();
            if (receipt is not { Status: MessageStatus.Delivered, TurnId: { } turnId })
            {
                throw new BenchSetupException($"Run {i}: the inject to an idle session answered {receipt.Status} without a delivered turn; the session was not idle.");
            }

            var turnStarted = await idle.Turns.WaitForTurnStartedAsync(turnId, cancellationToken);
            if (i >= 0)
            {
                toTurnStarted.Add(Stopwatches.Milliseconds(sent, turnStarted));
                toReceipt.Add(Stopwatches.Milliseconds(sent, answered));
            }

            if (i >= 0 && (i + 1) % 20 == 0)
            {
                await progress.WriteLineAsync($"latency: {i + 1}/{runs} runs");
            }
        }

        await pacer.WaitUntilIdleAsync(cancellationToken);

        var report = new BenchReport("latency", "caller's request on the daemon socket to Codex's turn/started, idle session")
            .With("runs", runs).With("warmupRuns", WarmupRuns).With("session", idle.Name);
        var started = report.Add(Figure.Of("request -> turn/started seen by a subscribed client", "ms", toTurnStarted));
        report.Add(Figure.Of("request -> receipt (status delivered)", "ms", toReceipt));
        report.Notes.Add("HTTP client: Baton.Client's BatonClient over the Unix socket, one kept-alive connection; the session is addressed by name");
        report.Summary = string.Create(CultureInfo.InvariantCulture,
            $"request to turn/started: median {ReportWriter.N(started.Spread!.Median)} ms, p99 {ReportWriter.N(started.Spread.P99)} ms over {runs} runs");
        return report;
    }
}
