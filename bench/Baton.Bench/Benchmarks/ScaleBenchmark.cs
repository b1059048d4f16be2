using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Harness;
using Baton.Bench.Measurement;
using Baton.Bench.Reporting;
using Baton.Protocol;

namespace Baton.Bench.Benchmarks;

/// <summary>
/// The daemon's resident memory as it comes to know many sessions and serves many live subscriptions: after start,
/// after listing N sessions (<c>baton sessions</c>), after one delivered inject into each of W of them (so it has
/// subscribed to, tracked and stored those), and with W <c>GET /v1/sessions/{s}/events</c> streams open on those
/// sessions (what W <c>baton watch</c> processes hold).
/// </summary>
public static class ScaleBenchmark
{
    private const int Concurrency = 8;
    private const int LookupRuns = 10;

    public static async Task<BenchReport> RunAsync(BenchExecutables executables, int sessionCount, int watcherCount, TextWriter progress, CancellationToken cancellationToken)
    {
        if (watcherCount > sessionCount)
        {
            throw new ArgumentException($"--watchers ({watcherCount}) cannot exceed --sessions ({sessionCount}): each watcher follows its own session.");
        }

        await using var env = await BenchEnvironment.StartAsync(executables, cancellationToken, withoutShellSnapshot: true);
        var report = new BenchReport("scale", "daemon memory (VmRSS) with many known sessions and live subscriptions")
            .With("sessions", sessionCount).With("watchers", watcherCount);
        await env.Client.GetStatusAsync(cancellationToken);
        var idle = report.Add(Figure.Single("daemon RSS after start", "MB", ProcessMemory.ResidentMegabytes(env.DaemonPid)));

        var clock = Stopwatch.StartNew();
        var sessions = await env.CreateSessionsAsync("scale", sessionCount, Concurrency, cancellationToken);
        await progress.WriteLineAsync($"scale: {sessionCount} sessions open in Codex ({clock.Elapsed.TotalSeconds:F1} s)");

        // By name, as 'baton inject NAME' finds its session: first with nothing learned yet, then again after a listing.
        var someName = sessions[sessionCount / 2].Name!;
        clock.Restart();
        await env.Client.GetSessionAsync(someName, cancellationToken);
        report.Add(Figure.Single($"first lookup by name ({sessionCount} sessions loaded)", "ms", clock.Elapsed.TotalMilliseconds));

        clock.Restart();
        var listed = await env.Client.ListSessionsAsync(all: true, cancellationToken);
        var listSeconds = clock.Elapsed.TotalSeconds;
        if (listed.Sessions.Count < sessionCount)
        {
            throw new BenchSetupException($"The daemon lists {listed.Sessions.Count} sessions, not the {sessionCount} opened.");
        }

        report.Add(Figure.Single($"daemon RSS after listing {sessionCount} sessions", "MB", ProcessMemory.ResidentMegabytes(env.DaemonPid)));
        report.Add(Figure.Single($"baton sessions ({sessionCount} sessions) took", "s", listSeconds));
        var lookups = new List<double>();
        for (var i = 0; i < LookupRuns; i++)
        {
            clock.Restart();
            await env.Client.GetSessionAsync(sessions[(i * 97 + 1) % sessionCount].Name!, cancellationToken);
            lookups.Add(clock.Elapsed.TotalMilliseconds);
        }

        report.Add(Figure.Of($"lookup by name after that ({sessionCount} sessions loaded)", "ms", lookups));

        clock.Restart();
        var modelRequestsBefore = env.ModelTurnRequests;
        var watchedSessions = sessions.Take(watcherCount).ToList();
        await Parallel.ForEachAsync(watchedSessions, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (session, ct) =>
        {
            var receipt = await env.Client.InjectAsync(session.Id, new InjectRequest { Text = "scale: one message per session" }, ct);
            if (receipt.Status is not (MessageStatus.Delivered or MessageStatus.Queued))
            {
                throw new BenchSetupException($"The inject into {session.Name} answered {receipt.Status}.");
            }
        });
        await env.WaitForModelTurnRequestsAsync(modelRequestsBefore + watcherCount, TimeSpan.FromMinutes(10), cancellationToken);

        // The model answered the last one; give Codex a moment to end those turns.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await progress.WriteLineAsync($"scale: one message delivered into each of {watcherCount} sessions ({clock.Elapsed.TotalSeconds:F1} s)");
        var known = report.Add(Figure.Single($"daemon RSS with {sessionCount} known sessions, {watcherCount} of them with a delivered message", "MB", ProcessMemory.ResidentMegabytes(env.DaemonPid)));

        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchers = new List<Task>();
        var following = new List<TaskCompletionSource>();
        foreach (var session in watchedSessions)
        {
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            following.Add(first);
            watchers.Add(Task.Run(() => WatchAsync(env, session.Id, first, stopWatching.Token), CancellationToken.None));
        }

        await Task.WhenAll(following.Select(f => f.Task)).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var watched = report.Add(Figure.Single($"daemon RSS with {sessionCount} known sessions and {watcherCount} live subscriptions", "MB", ProcessMemory.ResidentMegabytes(env.DaemonPid)));
        report.Add(Figure.Single($"codex app-server RSS at that point (for comparison)", "MB", ProcessMemory.ResidentMegabytes(env.AppServerPid)));
        await stopWatching.CancelAsync();
        await Task.WhenAll(watchers);

        report.Notes.Add("sessions are Codex threads opened by the bench's own app-server connection (thread/start + thread/name/set), all loaded and idle, none saved to disk yet (no turn), so Baton reads each one");
        report.Notes.Add("Codex runs with [features] shell_snapshot = false here, so that thread/start does not run the login shell each time");
        report.Notes.Add("a lookup by name is GET /v1/sessions/{name} (what 'baton session NAME' and 'baton inject NAME' resolve through); the first comes before the listing, the daemon having read no thread yet");
        report.Notes.Add("each subscription is one NDJSON stream of GET /v1/sessions/{id}/events, on its own connection, open when measured");
        report.Summary = string.Create(CultureInfo.InvariantCulture,
            $"daemon RSS {idle.Value:F0} MB idle, {known.Value:F0} MB with {sessionCount} known sessions ({watcherCount} delivered into), {watched.Value:F0} MB with {watcherCount} live subscriptions too");
        return report;
    }

    private static async Task WatchAsync(BenchEnvironment env, string sessionId, TaskCompletionSource first, CancellationToken cancellationToken)
    {
        using var client = new Client.BatonClient(env.Client.SocketPath);
        try
        {
            await foreach (var item in client.WatchAsync(sessionId, cancellationToken))
            {
                first.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            first.TrySetException(exception);
        }
    }
}
