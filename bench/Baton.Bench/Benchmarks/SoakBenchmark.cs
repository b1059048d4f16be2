using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Harness;
using Baton.Bench.Measurement;
using Baton.Bench.Reporting;
using Baton.Protocol;

namespace Baton.Bench.Benchmarks;

/// <summary>
/// Memory over time at a steady inject rate: R injects a second, round robin over K live sessions, each a real
/// delivery and a real turn (the model answers at once), for M minutes, with the daemon's memory sampled throughout.
/// Growth is the least-squares slope over the run after the first tenth (warm-up), and last minus first. Judged on
/// anonymous memory (RssAnon): VmRSS also counts pages of mapped files, which fall whenever the kernel reclaims page
/// cache (a 60-minute run saw both daemons' VmRSS drop from about 115 to 63 MB in its last minute when that happened).
/// </summary>
public static class SoakBenchmark
{
    private const int SampleCount = 60;

    public static async Task<BenchReport> RunAsync(BenchExecutables executables, double minutes, double rate, int sessionCount, TextWriter progress, CancellationToken cancellationToken)
    {
        await using var env = await BenchEnvironment.StartAsync(executables, cancellationToken);
        var sessions = await env.CreateSessionsAsync("soak", sessionCount, 8, cancellationToken);
        var duration = TimeSpan.FromMinutes(minutes);
        var sampleEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond / 2, duration.Ticks / SampleCount));

        var samples = new List<(double Seconds, double Megabytes)>();
        var anonymous = new List<(double Seconds, double Megabytes)>();
        var inFlight = new List<Task<MessageStatus>>();
        long sent = 0;
        var started = Stopwatch.GetTimestamp();
        var nextSample = TimeSpan.Zero;
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= nextSample)
            {
                samples.Add((elapsed.TotalSeconds, ProcessMemory.ResidentMegabytes(env.DaemonPid)));
                anonymous.Add((elapsed.TotalSeconds, ProcessMemory.AnonymousMegabytes(env.DaemonPid)));
                nextSample += sampleEvery;
            }

            if (elapsed >= duration)
            {
                break;
            }

            // Open loop: the schedule, not the answers, sets the pace.
            var due = (long)(elapsed.TotalSeconds * rate) + 1;
            while (sent < due)
            {
                var session = sessions[(int)(sent % sessions.Count)];
                var text = string.Create(CultureInfo.InvariantCulture, $"soak message {sent}");
                inFlight.Add(InjectAsync(env, session.Id, text, cancellationToken));
                sent++;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, 1000 / rate)), cancellationToken);
        }

        var statuses = await Task.WhenAll(inFlight);
        var accepted = statuses.Count(s => s is MessageStatus.Delivered or MessageStatus.Queued);
        await progress.WriteLineAsync($"soak: {sent} injects sent over {minutes:0.##} min, {accepted} accepted");

        var warmUp = Math.Max(1, samples.Count / 10);
        var steady = samples.Skip(warmUp).ToList();
        var steadyAnonymous = anonymous.Skip(warmUp).ToList();
        var slopePerMinute = Slope(steady) * 60;
        var anonymousSlopePerMinute = Slope(steadyAnonymous) * 60;
        var report = new BenchReport("soak", "daemon memory (RssAnon and VmRSS) over time at a steady inject rate")
            .With("minutes", minutes).With("rate", rate).With("sessions", sessionCount).With("samples", samples.Count);
        var first = report.Add(Figure.Single("daemon anonymous memory (RssAnon) at start", "MB", anonymous[0].Megabytes));
        var warm = report.Add(Figure.Single("daemon anonymous memory after warm-up (first tenth)", "MB", steadyAnonymous[0].Megabytes));
        var last = report.Add(Figure.Single("daemon anonymous memory at end", "MB", anonymous[^1].Megabytes));
        report.Add(Figure.Single("daemon anonymous memory max", "MB", anonymous.Max(s => s.Megabytes)));
        report.Add(Figure.Single("anonymous memory slope after warm-up", "MB/min", anonymousSlopePerMinute));
        report.Add(Figure.Single("daemon RSS at start", "MB", samples[0].Megabytes));
        report.Add(Figure.Single("daemon RSS at end", "MB", samples[^1].Megabytes));
        report.Add(Figure.Of("daemon RSS samples", "MB", [.. samples.Select(s => s.Megabytes)]));
        report.Add(Figure.Single("RSS slope after warm-up", "MB/min", slopePerMinute));
        report.Add(Figure.Single("injects accepted", "count", accepted));
        report.Add(Figure.Single("injects sent", "count", sent));
        report.Notes.Add("each inject is a real delivery (a new turn on an idle session, or queued behind the running one), through BatonClient over the socket");
        report.Notes.Add("RssAnon samples: " + Series(anonymous));
        report.Notes.Add("VmRSS samples: " + Series(samples));
        report.Summary = string.Create(CultureInfo.InvariantCulture,
            $"daemon anonymous memory {first.Value:F0} MB at start, {warm.Value:F0} MB after warm-up, {last.Value:F0} MB after {minutes:0.##} min at {rate:0.##}/s ({accepted} injects); slope {anonymousSlopePerMinute:F2} MB/min after warm-up (goal: flat); VmRSS slope {slopePerMinute:F2} MB/min");
        return report;
    }

    private static async Task<MessageStatus> InjectAsync(BenchEnvironment env, string sessionId, string text, CancellationToken cancellationToken) =>
        (await env.Client.InjectAsync(sessionId, new InjectRequest { Text = text }, cancellationToken)).Status;

    private static string Series(IEnumerable<(double Seconds, double Megabytes)> points) =>
        string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Seconds:F0}s={p.Megabytes:F0}")));

    /// <summary>Least-squares slope of megabytes over seconds.</summary>
    private static double Slope(IReadOnlyList<(double Seconds, double Megabytes)> points)
    {
        if (points.Count < 2)
        {
            return 0;
        }

        var meanX = points.Average(p => p.Seconds);
        var meanY = points.Average(p => p.Megabytes);
        var covariance = points.Sum(p => (p.Seconds - meanX) * (p.Megabytes - meanY));
        var variance = points.Sum(p => (p.Seconds - meanX) * (p.Seconds - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }
}
