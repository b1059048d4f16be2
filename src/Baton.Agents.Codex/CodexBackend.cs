using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Agents.Codex.Rpc;
using Baton.Agents.Codex.Tracking;
using Baton.Core.Agents;
using Baton.Core.Errors;
using Baton.Core.Sessions;
using Baton.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Agents.Codex;

/// <summary>
/// Reaches the Codex threads of one <c>CODEX_HOME</c> through its app-server control socket, over one
/// connection that is opened on first use and reopened after it drops.
/// </summary>
/// <remarks>
/// The app-server sends a thread's turn and item events only to connections subscribed to it
/// (<c>thread/resume</c>), so the backend subscribes before it starts a turn. Subscriptions die with the
/// connection and are renewed on demand after a reconnect.
/// </remarks>
public sealed partial class CodexBackend : IAgentBackend
{
    private static readonly string Version =
        typeof(CodexBackend).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ThreadTracker> _threads = new(StringComparer.Ordinal);
    private readonly LoadedThreadNames _names = new();
    private readonly RecentNameLookups _recentNames;
    private JsonRpcConnection? _connection;
    private bool _disposed;

    public CodexBackend(CodexHome home, ILogger<CodexBackend>? logger = null, TimeProvider? time = null)
    {
        Home = home;
        _logger = logger ?? NullLogger<CodexBackend>.Instance;
        _time = time ?? TimeProvider.System;
        _recentNames = new RecentNameLookups(_time);
    }

    public string Agent => KnownAgents.Codex;

    public CodexHome Home { get; }

    public async Task<AgentEndpointStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetConnectionAsync(cancellationToken);
            return new AgentEndpointStatus(Agent, Home.Path, Home.SocketPath, Reachable: true, Error: null);
        }
        catch (AgentUnreachableException ex)
        {
            return new AgentEndpointStatus(Agent, Home.Path, Home.SocketPath, Reachable: false, ex.Message);
        }
    }

    /// <summary>Sends one request, turning transport failures into <see cref="AgentUnreachableException"/>.</summary>
    private async Task<JsonElement> CallAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        try
        {
            return await connection.RequestAsync(method, parameters, cancellationToken);
        }
        catch (JsonRpcConnectionLostException ex)
        {
            throw Unreachable(ex.Message, ex);
        }
    }

    private async Task<JsonRpcConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var current = _connection;
        if (current is { IsOpen: true })
        {
            return current;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true })
            {
                return _connection;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            var connection = await OpenAndInitializeAsync(cancellationToken);
            _connection = connection;
            _ = connection.Completion.ContinueWith(_ => OnConnectionLost(), TaskScheduler.Default);
            CodexLog.Connected(_logger, Home.SocketPath);
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<JsonRpcConnection> OpenAndInitializeAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Home.SocketPath))
        {
            throw Unreachable($"No Codex app-server socket at {Home.SocketPath}.");
        }

        JsonRpcConnection? connection = null;
        try
        {
            connection = await JsonRpcConnection.OpenAsync(Home.SocketPath, OnNotification, OnServerRequest, cancellationToken);
            await connection.RequestAsync(
                "initialize",
                new JsonObject
                {
                    ["clientInfo"] = new JsonObject { ["name"] = "baton", ["title"] = "Baton", ["version"] = Version },
                    ["capabilities"] = new JsonObject { ["experimentalApi"] = true },
                },
                cancellationToken);
            await connection.NotifyAsync("initialized", null, cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Net.WebSockets.WebSocketException or JsonRpcErrorException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw Unreachable($"Could not talk to the Codex app-server at {Home.SocketPath}: {ex.Message}", ex);
        }
    }

    private void OnConnectionLost()
    {
        if (_disposed)
        {
            return;
        }

        CodexLog.ConnectionLost(_logger, Home.SocketPath);
        _names.Reset();
        _recentNames.ForgetAll();
        lock (_gate)
        {
            // Subscriptions die with the connection; waiters notice and subscribe again, re-reading the state. So do
            // the questions asked on it: Codex asks again, under new ids, when the thread is resumed.
            foreach (var thread in _threads.Values)
            {
                thread.Subscribed = false;
                thread.ForgetQuestions();
            }
        }
    }

    private AgentUnreachableException Unreachable(string what, Exception? inner = null) => new(
        $"{what} Baton reaches Codex sessions of CODEX_HOME={Home.Path} through its app-server. " +
        "Start it with 'codex app-server daemon start' (with the same CODEX_HOME), or send a first prompt in the Codex TUI, which starts it then (a TUI that has only been opened has no thread and no daemon yet); then try again.",
        inner);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connectLock.Dispose();
    }
}
