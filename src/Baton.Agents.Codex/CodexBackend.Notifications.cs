using System.Text.Json;
using Baton.Core.Agents;
using Baton.Protocol;

namespace Baton.Agents.Codex;

public sealed partial class CodexBackend
{
    /// <summary>How many ended turns a thread tracker remembers for late waiters.</summary>
    private const int EndedTurnsKept = 64;

    /// <summary>Runs on the receive loop: quick, in-memory bookkeeping only.</summary>
    private void OnNotification(string method, JsonElement parameters)
    {
        if (method == "thread/started")
        {
            // A new thread (a fork may carry a name) can make a remembered name ambiguous.
            _recentNames.ForgetAll();
        }

        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty("threadId", out var threadIdElement))
        {
            return;
        }

        var threadId = threadIdElement.GetString();
        if (threadId is null)
        {
            return;
        }

        // Every connection hears these for every thread: they keep the loaded threads' names current.
        switch (method)
        {
            case "thread/name/updated":
                _names.Renamed(threadId, CodexThreadJson.OptionalString(parameters, "threadName"));
                _recentNames.ForgetAll();
                break;

            case "thread/closed" or "thread/archived" or "thread/deleted" or "thread/unarchived":
                _names.Forget(threadId);
                _recentNames.ForgetAll();
                break;
        }

        lock (_gate)
        {
            // Only threads Baton works with; global notifications about every other thread are noise here.
            if (!_threads.TryGetValue(threadId, out var thread))
            {
                return;
            }

            PublishToWatchers(threadId, method, parameters);
            switch (method)
            {
                case "turn/started":
                    var startedId = parameters.GetProperty("turn").GetProperty("id").GetString()!;
                    thread.Turn(startedId);
                    thread.MarkRunning(startedId);
                    thread.StateCertain = true;
                    break;

                case "item/completed":
                    var item = parameters.GetProperty("item");
                    if (CodexThreadJson.OptionalString(item, "type") == "agentMessage" && CodexThreadJson.OptionalString(parameters, "turnId") is { } turnId)
                    {
                        thread.Turn(turnId).LastAgentMessage = CodexThreadJson.OptionalString(item, "text");
                    }

                    break;

                case "error":
                    var willRetry = parameters.TryGetProperty("willRetry", out var retry) && retry.ValueKind == JsonValueKind.True;
                    if (!willRetry && CodexThreadJson.OptionalString(parameters, "turnId") is { } failingTurn && parameters.TryGetProperty("error", out var error))
                    {
                        thread.Turn(failingTurn).LastError = CodexThreadJson.OptionalString(error, "message");
                    }

                    break;

                case "turn/completed":
                    // Its questions go with it when it was the running turn (MarkIdle); a late end of an older turn
                    // leaves the running one's questions alone.
                    OnTurnCompleted(thread, parameters.GetProperty("turn"));
                    break;

                case "serverRequest/resolved":
                    if (parameters.TryGetProperty("requestId", out var requestId))
                    {
                        thread.QuestionsForPerson.Remove(requestId.GetRawText());

                        // The status's flags may not be sent again as the turn goes on: a question answered is
                        // not still awaited because the last status said so.
                        thread.AwaitedPerStatus = null;
                    }

                    break;

                case "thread/status/changed":
                    var statusJson = parameters.GetProperty("status");
                    var status = CodexThreadJson.StatusType(statusJson);
                    if (status == "active")
                    {
                        thread.AwaitedPerStatus = CodexThreadJson.AwaitedPerson(statusJson);
                    }

                    if (status != "notLoaded")
                    {
                        thread.SignalLive();
                    }

                    if (status is "idle" or "systemError")
                    {
                        thread.MarkIdle();
                    }
                    else if (status == "notLoaded")
                    {
                        thread.Subscribed = false;
                        thread.MarkIdle();
                    }

                    break;

                case "thread/closed":
                    thread.Subscribed = false;
                    thread.MarkIdle();
                    break;
            }
        }
    }

    /// <summary>Call under <see cref="_gate"/>.</summary>
    private void OnTurnCompleted(Tracking.ThreadTracker thread, JsonElement turnJson)
    {
        var id = turnJson.GetProperty("id").GetString()!;
        var turn = thread.Turn(id);
        var status = ParseTurnStatus(CodexThreadJson.OptionalString(turnJson, "status")) ?? MessageStatus.Failed;
        var error = turnJson.TryGetProperty("error", out var e) ? CodexThreadJson.OptionalString(e, "message") : null;
        turn.End(new TurnOutcome(status, turn.LastAgentMessage, error ?? (status == MessageStatus.Failed ? turn.LastError : null), _time.GetUtcNow()));
        if (thread.ActiveTurnId is null || thread.ActiveTurnId == id)
        {
            thread.MarkIdle();
        }

        CodexLog.TurnEnded(_logger, id, thread.ThreadId, status.ToString());
        thread.PruneEndedTurns(EndedTurnsKept);
    }

    public IReadOnlyList<string> PendingQuestions(string sessionId)
    {
        lock (_gate)
        {
            return _threads.TryGetValue(sessionId, out var thread) ? thread.Questions() : [];
        }
    }

    /// <summary>
    /// The app-server may ask its clients to decide things. Approvals and questions are the human's to answer in
    /// their own UI, so Baton leaves them alone and only remembers what the thread waits for (until Codex says the
    /// request was resolved, or the turn ends); anything else it does not implement gets a "method not found".
    /// </summary>
    private void OnServerRequest(string method, JsonElement id, JsonElement parameters)
    {
        if (CodexHumanRequests.IsHumanRequest(method))
        {
            CodexLog.HumanRequestIgnored(_logger, method);
            if (parameters.ValueKind == JsonValueKind.Object && CodexThreadJson.OptionalString(parameters, "threadId") is { } threadId)
            {
                lock (_gate)
                {
                    if (_threads.TryGetValue(threadId, out var thread))
                    {
                        var question = CodexHumanRequests.Describe(method, parameters);
                        thread.QuestionsForPerson[id.GetRawText()] = question;
                        PublishQuestionToWatchers(threadId, CodexThreadJson.OptionalString(parameters, "turnId"), question);
                    }
                }
            }

            return;
        }

        var connection = _connection;
        if (connection is not null)
        {
            _ = connection.RespondErrorAsync(id, -32601, $"Baton does not handle {method}", CancellationToken.None);
        }
    }
}
