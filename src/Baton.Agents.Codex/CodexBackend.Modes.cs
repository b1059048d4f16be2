using System.Text.Json.Nodes;
using Baton.Agents.Codex.Rpc;
using Baton.Core.Agents;
using Baton.Core.Errors;

namespace Baton.Agents.Codex;

public sealed partial class CodexBackend
{
    public bool IsBusy(string sessionId)
    {
        lock (_gate)
        {
            return _threads.TryGetValue(sessionId, out var thread) && thread.IsRunning;
        }
    }

    public async Task<string?> SteerAsync(string sessionId, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var thread = await EnsureSubscribedAsync(sessionId, cancellationToken);

        // The turn may end or be replaced between our reading its id and the steer: read again and retry once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            string? activeTurnId;
            lock (_gate)
            {
                activeTurnId = thread.ActiveTurnId;
            }

            activeTurnId ??= attempt == 0 ? null : await FindActiveTurnIdAsync(sessionId, cancellationToken);
            if (activeTurnId is null)
            {
                return null;
            }

            try
            {
                var result = await CallAsync(
                    "turn/steer",
                    new JsonObject
                    {
                        ["threadId"] = sessionId,
                        ["expectedTurnId"] = activeTurnId,
                        ["input"] = TextInput(message.Text),
                        ["clientUserMessageId"] = message.MessageId,
                    },
                    cancellationToken);
                var turnId = result.GetProperty("turnId").GetString()!;
                CodexLog.TurnStarted(_logger, turnId, sessionId, message.MessageId);
                return turnId;
            }
            catch (JsonRpcErrorException ex) when (ex.RpcMessage.Contains("no active turn", StringComparison.Ordinal))
            {
                return null;
            }
            catch (JsonRpcErrorException ex) when (ex.RpcMessage.Contains("expected active turn id", StringComparison.Ordinal) && attempt == 0)
            {
                lock (_gate)
                {
                    thread.MarkIdle();
                }
            }
            catch (JsonRpcErrorException ex)
            {
                throw new AgentRequestException($"Codex refused to steer thread {sessionId}: {ex.RpcMessage}", ex);
            }
        }

        return null;
    }

    public async Task InterruptAsync(string sessionId, CancellationToken cancellationToken)
    {
        var thread = await EnsureSubscribedAsync(sessionId, cancellationToken);
        string? turnId;
        lock (_gate)
        {
            turnId = thread.ActiveTurnId;
        }

        if (turnId is null)
        {
            return;
        }

        try
        {
            await CallAsync("turn/interrupt", new JsonObject { ["threadId"] = sessionId, ["turnId"] = turnId }, cancellationToken);
        }
        catch (JsonRpcErrorException ex) when (ex.RpcMessage.Contains("expected active turn id", StringComparison.Ordinal))
        {
            // That turn already ended; whatever runs now is someone else's turn, which we leave alone.
            return;
        }

        await WaitForTurnEndAsync(sessionId, turnId, cancellationToken);
    }

    private static JsonArray TextInput(string text) =>
        new(new JsonObject { ["type"] = "text", ["text"] = text, ["text_elements"] = new JsonArray() });
}
