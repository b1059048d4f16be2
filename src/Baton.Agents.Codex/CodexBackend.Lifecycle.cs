using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Agents.Codex.Hosting;
using Baton.Core.Errors;

namespace Baton.Agents.Codex;

public sealed partial class CodexBackend
{
    /// <summary>
    /// How often a held message re-checks whether its thread was loaded, besides listening for status changes:
    /// notifications are lost while the connection is down.
    /// </summary>
    private static readonly TimeSpan LivePollInterval = TimeSpan.FromSeconds(2);

    public async Task WaitUntilLiveAsync(string sessionId, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task live;
            lock (_gate)
            {
                live = Tracker(sessionId).NextLive();
            }

            try
            {
                if (await IsLoadedAsync(sessionId, cancellationToken))
                {
                    return;
                }
            }
            catch (AgentUnreachableException)
            {
                // The app-server is down: nobody can open the thread until it is back. Keep waiting.
            }

            await Task.WhenAny(live, Task.Delay(LivePollInterval, _time, cancellationToken)).WaitAsync(cancellationToken);
        }
    }

    private async Task<bool> IsLoadedAsync(string threadId, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var parameters = new JsonObject();
            if (cursor is not null)
            {
                parameters["cursor"] = cursor;
            }

            var page = await CallAsync("thread/loaded/list", parameters, cancellationToken);
            if (page.GetProperty("data").EnumerateArray().Any(id => id.GetString() == threadId))
            {
                return true;
            }

            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return false;
    }

    /// <summary>
    /// Runs <c>codex app-server daemon start</c> for this home: the same daemon the user's TUI starts and shares, so
    /// a session resumed or created here is one the user can open.
    /// </summary>
    public async Task StartAgentAsync(CancellationToken cancellationToken)
    {
        string binary;
        try
        {
            binary = CodexBinary.Locate();
        }
        catch (FileNotFoundException ex)
        {
            throw Unreachable($"Cannot start the Codex daemon: {ex.Message}", ex);
        }

        var info = new ProcessStartInfo(binary)
        {
            ArgumentList = { "app-server", "daemon", "start" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment["CODEX_HOME"] = Home.Path;
        using var process = Process.Start(info) ?? throw Unreachable($"Could not run {binary}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw Unreachable($"'codex app-server daemon start' failed with exit {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
        }

        CodexLog.DaemonStarted(_logger, Home.Path, (await stdout).Trim());
        await GetConnectionAsync(cancellationToken);
    }
}
