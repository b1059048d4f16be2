using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Agents.Codex;

public sealed partial class CodexBackend
{
    /// <summary>A watcher that falls this far behind loses the oldest events rather than stalling the receive loop.</summary>
    private const int WatcherBuffer = 4096;

    private readonly Dictionary<string, List<Channel<SessionEvent>>> _watchers = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<SessionEvent> WatchAsync(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(WatcherBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            Tracker(sessionId);
            if (!_watchers.TryGetValue(sessionId, out var list))
            {
                list = [];
                _watchers[sessionId] = list;
            }

            list.Add(channel);
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!await IsLoadedAsync(sessionId, cancellationToken))
                {
                    yield return StateEvent(sessionId, SessionState.Stored);
                    await WaitUntilLiveAsync(sessionId, cancellationToken);
                }

                var thread = await EnsureSubscribedAsync(sessionId, cancellationToken);
                bool running;
                lock (_gate)
                {
                    running = thread.IsRunning;
                }

                yield return StateEvent(sessionId, running ? SessionState.Running : SessionState.Idle);

                // Events flow until the connection drops; then subscribe again and say where things stand.
                var connection = CurrentConnectionCompletion();
                while (true)
                {
                    var more = channel.Reader.WaitToReadAsync(cancellationToken).AsTask();
                    if (await Task.WhenAny(more, connection) != more || !await more)
                    {
                        break;
                    }

                    while (channel.Reader.TryRead(out var item))
                    {
                        yield return item;
                    }
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_watchers.TryGetValue(sessionId, out var list) && list.Remove(channel) && list.Count == 0)
                {
                    _watchers.Remove(sessionId);
                }
            }
        }
    }

    /// <summary>Call under <see cref="_gate"/>: turns a thread event into a watch event for whoever follows the thread.</summary>
    private void PublishToWatchers(string threadId, string method, JsonElement parameters)
    {
        if (!_watchers.TryGetValue(threadId, out var watchers))
        {
            return;
        }

        var turnId = CodexThreadJson.OptionalString(parameters, "turnId");
        SessionEvent? item = method switch
        {
            "turn/started" => new SessionEvent { Type = SessionEventType.TurnStarted, SessionId = threadId, TurnId = parameters.GetProperty("turn").GetProperty("id").GetString() },
            "turn/completed" => new SessionEvent
            {
                Type = SessionEventType.TurnEnded,
                SessionId = threadId,
                TurnId = parameters.GetProperty("turn").GetProperty("id").GetString(),
                Status = CodexThreadJson.OptionalString(parameters.GetProperty("turn"), "status"),
                Error = parameters.GetProperty("turn").TryGetProperty("error", out var e) ? CodexThreadJson.OptionalString(e, "message") : null,
            },
            "item/agentMessage/delta" => new SessionEvent { Type = SessionEventType.AgentDelta, SessionId = threadId, TurnId = turnId, Text = CodexThreadJson.OptionalString(parameters, "delta") },
            "item/started" when ItemType(parameters) == "userMessage" => new SessionEvent
            {
                Type = SessionEventType.UserMessage,
                SessionId = threadId,
                TurnId = turnId,
                Text = UserText(parameters.GetProperty("item")),
                ClientId = CodexThreadJson.OptionalString(parameters.GetProperty("item"), "clientId"),
            },
            "item/completed" when ItemType(parameters) == "agentMessage" => new SessionEvent
            {
                Type = SessionEventType.AgentMessage,
                SessionId = threadId,
                TurnId = turnId,
                Text = CodexThreadJson.OptionalString(parameters.GetProperty("item"), "text"),
            },
            _ => null,
        };
        if (item is not null)
        {
            Publish(watchers, item);
        }
    }

    /// <summary>Call under <see cref="_gate"/>: tells the thread's watchers that its turn waits for a person.</summary>
    private void PublishQuestionToWatchers(string threadId, string? turnId, string question)
    {
        if (_watchers.TryGetValue(threadId, out var watchers))
        {
            Publish(watchers, new SessionEvent { Type = SessionEventType.WaitingForPerson, SessionId = threadId, TurnId = turnId, Text = question });
        }
    }

    private void Publish(List<Channel<SessionEvent>> watchers, SessionEvent item)
    {
        item = item with { At = _time.GetUtcNow() };
        foreach (var watcher in watchers)
        {
            watcher.Writer.TryWrite(item);
        }
    }

    private SessionEvent StateEvent(string sessionId, SessionState state) => new()
    {
        Type = SessionEventType.State,
        SessionId = sessionId,
        Status = WireNames.Of(state),
        At = _time.GetUtcNow(),
    };

    private static string? ItemType(JsonElement parameters) =>
        parameters.TryGetProperty("item", out var item) ? CodexThreadJson.OptionalString(item, "type") : null;

    private static string UserText(JsonElement item) =>
        item.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? string.Concat(content.EnumerateArray().Select(part => CodexThreadJson.OptionalString(part, "text")))
            : string.Empty;
}
