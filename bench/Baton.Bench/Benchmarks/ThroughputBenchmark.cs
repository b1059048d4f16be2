using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Harness;
using Baton.Bench.Measurement;
using Baton.Bench.Reporting;
using Baton.Client;
using Baton.Protocol;

namespace Baton.Bench.Benchmarks;

/// <summary>
/// Accepted, durable injects per second through the daemon's HTTP API on its Unix socket, with 1, 8, 64, …
/// concurrent clients, each with its own connection, sending back to back for a fixed time. The messages go to many
/// sessions, each busy with one long turn (the scripted model streams its reply over an hour), so every message is
/// stored (SQLite, synchronous=FULL) and queued behind that turn: the agent is never the bottleneck, and an accepted
/// message is one the daemon has written to disk and answered <c>queued</c> for.
/// </summary>
public static class ThroughputBenchmark
{
    public static async Task<BenchReport> RunAsync(BenchExecutables executables, IReadOnlyList<int> clientCounts, double seconds, int sessionCount, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var env = await BenchEnvironment.StartAsync(executables, cancellationToken);
        var sessions = await env.CreateSessionsAsync("busy", sessionCount, 8, cancellationToken);
        await env.StartLongTurnsAsync(sessions, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await progress.WriteLineAsync($"throughput: {sessionCount} sessions busy with a long turn");

        var report = new BenchReport("throughput", "accepted durable injects per second through the HTTP API on the Unix socket")
            .With("clients", string.Join(',', clientCounts)).With("secondsPerStep", seconds).With("sessions", sessionCount);
        var ids = sessions.Select(s => s.Id).ToArray();
        var summary = new List<string>();
        long totalAccepted = 0;
        foreach (var clients in clientCounts)
        {
            var cpuBefore = ProcessCpu.Milliseconds(env.DaemonPid);
            var step = await RunStepAsync(env, ids, clients, TimeSpan.FromSeconds(seconds), cancellationToken);
            var daemonCpu = ProcessCpu.Milliseconds(env.DaemonPid) - cpuBefore;
            totalAccepted += step.Accepted;
            var perSecond = step.Accepted / step.Elapsed.TotalSeconds;
            report.Add(Figure.Single($"{clients} clients: accepted injects", "per s", perSecond));
            report.Add(Figure.Of($"{clients} clients: request latency", "ms", step.Latencies));
            report.Add(Figure.Single($"{clients} clients: daemon CPU per accepted inject", "µs", daemonCpu * 1000 / Math.Max(1, step.Accepted)));
            if (step.Errors > 0)
            {
                report.Notes.Add($"{clients} clients: {step.Errors} requests failed; first: {step.FirstError}");
            }

            summary.Add(string.Create(CultureInfo.InvariantCulture, $"{clients} clients {perSecond:F0}/s ({daemonCpu * 1000 / Math.Max(1, step.Accepted):F0} µs daemon CPU each)"));
            await progress.WriteLineAsync($"throughput: {clients} clients: {perSecond:F0} accepted/s ({step.Accepted} in {step.Elapsed.TotalSeconds:F1} s, {step.Errors} errors)");
        }

        // The daemon's own count of what waits: every accepted message must be there.
        var listed = await env.Client.ListSessionsAsync(all: false, cancellationToken);
        var pending = listed.Sessions.Where(s => ids.Contains(s.Id)).Sum(s => s.QueuedCount);
        report.Add(Figure.Single("messages the daemon lists as queued afterwards", "count", pending));
        report.Add(Figure.Single("messages accepted in all steps", "count", totalAccepted));
        if (pending != totalAccepted)
        {
            report.Notes.Add($"MISMATCH: {totalAccepted} accepted but {pending} listed as queued");
        }

        report.Notes.Add("sessions are addressed by id (a name Baton has not resolved in the last 2 s costs a thread listing); clients spread messages over all sessions");
        report.Summary = $"accepted injects per second: {string.Join(", ", summary)} (goal: 5,000/s with 64 clients)";
        return report;
    }

    private static async Task<StepResult> RunStepAsync(BenchEnvironment env, string[] sessionIds, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[clients];
        var accepted = new long[clients];
        var errors = 0;
        string? firstError = null;
        var socket = env.Client.SocketPath;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = clients, CancellationToken = cancellationToken }, async (client, ct) =>
        {
            using var http = new BatonClient(socket);
            var mine = latencies[client] = [];
            for (var n = 0; Stopwatch.GetTimestamp() < deadline; n++)
            {
                var session = sessionIds[(client + (n * clients)) % sessionIds.Length];
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    var receipt = await http.InjectAsync(session, new InjectRequest { Text = $"throughput c{client} n{n}" }, ct);
                    if (receipt.Status is MessageStatus.Queued)
                    {
                        accepted[client]++;
                        mine.Add(Stopwatches.MillisecondsSince(sent));
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"status {receipt.Status} instead of queued", null);
                    }
                }
                catch (BatonClientException exception)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, exception.Message, null);
                }
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = latencies.SelectMany(l => l).ToList();
        if (all.Count == 0)
        {
            throw new BenchSetupException($"No inject was accepted with {clients} clients; first error: {firstError}");
        }

        return new StepResult(accepted.Sum(), elapsed, all, errors, firstError);
    }

    private sealed record StepResult(long Accepted, TimeSpan Elapsed, List<double> Latencies, int Errors, string? FirstError);
}
