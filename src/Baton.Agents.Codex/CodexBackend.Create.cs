using System.Text.Json.Nodes;
using Baton.Agents.Codex.Rpc;
using Baton.Core.Errors;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Agents.Codex;

public sealed partial class CodexBackend
{
    /// <summary>
    /// Starts a new thread in <paramref name="cwd"/> and names it. The thread is loaded in the app-server and this
    /// connection is subscribed to it, so it is live for as long as the daemon keeps the connection.
    /// </summary>
    public async Task<AgentSession> CreateSessionAsync(string? name, string cwd, CancellationToken cancellationToken)
    {
        try
        {
            var started = await CallAsync("thread/start", new JsonObject { ["cwd"] = cwd }, cancellationToken);
            var thread = started.GetProperty("thread");
            var id = thread.GetProperty("id").GetString()!;
            if (name is not null)
            {
                await CallAsync("thread/name/set", new JsonObject { ["threadId"] = id, ["name"] = name }, cancellationToken);
            }

            lock (_gate)
            {
                var tracker = Tracker(id);
                tracker.Subscribed = true;
                tracker.StateCertain = true;
                tracker.MarkIdle();
                tracker.Snapshot = new AgentSession(Agent, id, name, SessionState.Idle, cwd, _time.GetUtcNow());
                return tracker.Snapshot;
            }
        }
        catch (JsonRpcErrorException ex)
        {
            throw new AgentRequestException($"Codex could not create a session in {cwd}: {ex.RpcMessage}", ex);
        }
    }
}
