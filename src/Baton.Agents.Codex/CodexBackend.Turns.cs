using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Agents.Codex.Rpc;
using Baton.Agents.Codex.Tracking;
using Baton.Core.Agents;
using Baton.Core.Errors;
using Baton.Protocol;

namespace Baton.Agents.Codex;

public sealed partial class CodexBackend
{
    /// <summary>How many recent turns a reconciliation reads back; a turn Baton waits for is never far back.</summary>
    private const int ReconcileTurnWindow = 20;

    public async Task WaitUntilIdleAsync(string sessionId, Action? onBusy, CancellationToken cancellationToken)
    {
        var told = false;
        while (true)
        {
            var thread = await EnsureSubscribedAsync(sessionId, cancellationToken);
            Task idle;
            lock (_gate)
            {
                if (!thread.IsRunning)
                {
                    return;
                }

                idle = thread.Idle;
            }

            if (!told)
            {
                onBusy?.Invoke();
                told = true;
            }

            // A dropped connection loses the subscription and with it the idle event: subscribe again and re-read.
            await Task.WhenAny(idle, CurrentConnectionCompletion()).WaitAsync(cancellationToken);
        }
    }

    public async Task<string> StartTurnAsync(string sessionId, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var thread = await EnsureSubscribedAsync(sessionId, cancellationToken);
        JsonElement result;
        try
        {
            result = await CallAsync(
                "turn/start",
                new JsonObject
                {
                    ["threadId"] = sessionId,
                    ["input"] = TextInput(message.Text),

                    // Echoed back as item.clientId: how a message is recognised in the thread's history.
                    ["clientUserMessageId"] = message.MessageId,
                },
                cancellationToken);
        }
        catch (JsonRpcErrorException ex)
        {
            throw new AgentRequestException($"Codex refused to start a turn on thread {sessionId}: {ex.RpcMessage}", ex);
        }

        var turnId = result.GetProperty("turn").GetProperty("id").GetString()!;
        lock (_gate)
        {
            thread.Turn(turnId);
            thread.MarkRunning(turnId);
        }

        CodexLog.TurnStarted(_logger, turnId, sessionId, message.MessageId);
        return turnId;
    }

    public async Task<TurnOutcome> WaitForTurnEndAsync(string sessionId, string turnId, CancellationToken cancellationToken)
    {
        while (true)
        {
            bool unseen;
            ThreadTracker thread;
            lock (_gate)
            {
                thread = Tracker(sessionId);

                // Without a subscription, or with one that began after the turn did (a restarted daemon following a
                // message it found in doubt), the turn's end may have passed unheard: read it from the history.
                unseen = !thread.Subscribed || !thread.Turns.ContainsKey(turnId);
            }

            if (unseen)
            {
                thread = await EnsureSubscribedAsync(sessionId, cancellationToken);
                await ReconcileTurnAsync(thread, turnId, cancellationToken);
            }

            Task<TurnOutcome> ended;
            lock (_gate)
            {
                ended = thread.Turn(turnId).Ended;
            }

            await Task.WhenAny(ended, CurrentConnectionCompletion()).WaitAsync(cancellationToken);
            if (ended.IsCompleted)
            {
                return await ended;
            }
        }
    }

    /// <summary>Subscribes this connection to the thread's events and records whether a turn is running.</summary>
    /// <remarks><c>thread/resume</c> loads a stored thread too: callers decide beforehand whether that is wanted.</remarks>
    private async Task<ThreadTracker> EnsureSubscribedAsync(string threadId, CancellationToken cancellationToken)
    {
        ThreadTracker thread;
        lock (_gate)
        {
            thread = Tracker(threadId);
            if (thread.Subscribed && _connection is { IsOpen: true })
            {
                return thread;
            }
        }

        JsonElement resumed;
        try
        {
            resumed = await CallAsync("thread/resume", new JsonObject { ["threadId"] = threadId, ["excludeTurns"] = true }, cancellationToken);
        }
        catch (JsonRpcErrorException ex) when (ex.RpcMessage.Contains("no rollout found", StringComparison.Ordinal))
        {
            // A thread another client just started is saved only with its first turn, and cannot be resumed until
            // then. Having no turn, it is idle; turns can start without a subscription, and the next call
            // subscribes once the first turn has saved it.
            lock (_gate)
            {
                if (!thread.IsRunning)
                {
                    thread.MarkIdle();
                }
            }

            return thread;
        }
        catch (JsonRpcErrorException ex)
        {
            throw new AgentRequestException($"Codex could not open thread {threadId}: {ex.RpcMessage}", ex);
        }

        var status = resumed.GetProperty("thread").GetProperty("status");
        var running = CodexThreadJson.StatusType(status) == "active";
        var activeTurnId = running ? await FindActiveTurnIdAsync(threadId, cancellationToken) : null;
        lock (_gate)
        {
            // Codex repeats a pending question to a client that resumes the thread just after its answer, so the
            // next call on this connection (a steer) finds it; until then the status says that a person is asked.
            thread.AwaitedPerStatus = CodexThreadJson.AwaitedPerson(status);
            thread.Subscribed = true;
            thread.StateCertain = activeTurnId is not null || !running;
            if (activeTurnId is not null)
            {
                thread.MarkRunning(activeTurnId);
            }
            else if (!running)
            {
                thread.MarkIdle();
            }
        }

        CodexLog.Subscribed(_logger, threadId, activeTurnId is not null);
        return thread;
    }

    private async Task<string?> FindActiveTurnIdAsync(string threadId, CancellationToken cancellationToken)
    {
        foreach (var turn in await ListRecentTurnsAsync(threadId, limit: 1, withItems: false, cancellationToken))
        {
            if (turn.GetProperty("status").GetString() == "inProgress")
            {
                return turn.GetProperty("id").GetString();
            }
        }

        return null;
    }

    /// <summary>Ends the tracker from the thread's stored history if the turn ended while nobody listened.</summary>
    private async Task ReconcileTurnAsync(ThreadTracker thread, string turnId, CancellationToken cancellationToken)
    {
        foreach (var turn in await ListRecentTurnsAsync(thread.ThreadId, ReconcileTurnWindow, withItems: true, cancellationToken))
        {
            if (turn.GetProperty("id").GetString() != turnId)
            {
                continue;
            }

            var status = ParseTurnStatus(turn.GetProperty("status").GetString());
            if (status is null)
            {
                return;
            }

            string? reply = null;
            if (turn.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (CodexThreadJson.OptionalString(item, "type") == "agentMessage")
                    {
                        reply = CodexThreadJson.OptionalString(item, "text") ?? reply;
                    }
                }
            }

            var error = turn.TryGetProperty("error", out var e) ? CodexThreadJson.OptionalString(e, "message") : null;
            lock (_gate)
            {
                thread.Turn(turnId).End(new TurnOutcome(status.Value, reply, error, _time.GetUtcNow()));
            }

            return;
        }
    }

    public async Task<string?> FindTurnCarryingAsync(string sessionId, string messageId, CancellationToken cancellationToken)
    {
        List<JsonElement> turns;
        try
        {
            turns = await ListRecentTurnsAsync(sessionId, ReconcileTurnWindow, withItems: true, cancellationToken);
        }
        catch (JsonRpcErrorException)
        {
            // Not loaded, or nothing saved yet: then it has no turn carrying anything.
            return null;
        }

        foreach (var turn in turns)
        {
            if (turn.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
                && items.EnumerateArray().Any(item => CodexThreadJson.OptionalString(item, "type") == "userMessage" && CodexThreadJson.OptionalString(item, "clientId") == messageId))
            {
                return turn.GetProperty("id").GetString();
            }
        }

        return null;
    }

    private async Task<List<JsonElement>> ListRecentTurnsAsync(string threadId, int limit, bool withItems, CancellationToken cancellationToken)
    {
        var page = await CallAsync(
            "thread/turns/list",
            new JsonObject
            {
                ["threadId"] = threadId,
                ["limit"] = limit,
                ["sortDirection"] = "desc",
                ["itemsView"] = withItems ? "full" : "notLoaded",
            },
            cancellationToken);
        return [.. page.GetProperty("data").EnumerateArray()];
    }

    private static MessageStatus? ParseTurnStatus(string? status) => status switch
    {
        "completed" => MessageStatus.Completed,
        "failed" => MessageStatus.Failed,
        "interrupted" => MessageStatus.Interrupted,
        _ => null,
    };

    private Task CurrentConnectionCompletion() => _connection?.Completion ?? Task.CompletedTask;

    /// <summary>Call under <see cref="_gate"/>.</summary>
    private ThreadTracker Tracker(string threadId)
    {
        if (!_threads.TryGetValue(threadId, out var thread))
        {
            thread = new ThreadTracker(threadId);
            _threads[threadId] = thread;
        }

        return thread;
    }
}
