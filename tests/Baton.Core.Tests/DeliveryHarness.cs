using Baton.Core.Audit;
using Baton.Core.Delivery;
using Baton.Core.Messages;
using Baton.Core.Security;
using Baton.Storage.Sqlite;
using Baton.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Baton.Core.Tests;

/// <summary>The core's delivery pieces wired as the daemon wires them, over a real SQLite file and a scripted agent.</summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly TempDirectory _folder;

    private DeliveryHarness(
        TempDirectory folder, SqliteMessageStore store, ScriptedAgentBackend agent, bool markInjected, Func<IAuditLog, AuditRecorder>? recorder,
        Func<IMessageStore, IMessageStore>? dispatcherStore, ILogger<MessageDispatcher>? dispatcherLogger)
    {
        _folder = folder;
        Store = store;
        Agent = agent;
        var registry = new AgentRegistry([agent]);
        Progress = new MessageProgress(store);
        Dispatcher = new MessageDispatcher(dispatcherStore?.Invoke(store) ?? store, registry, Progress, logger: dispatcherLogger, markInjected: markInjected);
        AuditLog = new SqliteAuditLog(store);
        Service = new InjectionService(store, registry, Dispatcher, Progress, recorder?.Invoke(AuditLog) ?? new AuditRecorder(AuditLog));
    }

    /// <summary>The daemon's own user, as the peer check would find it: may do anything.</summary>
    public static CallerIdentity Owner { get; } = new() { Uid = 1000, Pid = 4242, IsOwner = true };

    public SqliteAuditLog AuditLog { get; }

    public SqliteMessageStore Store { get; }

    public ScriptedAgentBackend Agent { get; }

    public MessageProgress Progress { get; }

    public MessageDispatcher Dispatcher { get; }

    public InjectionService Service { get; }

    /// <param name="markInjected">Off by default here, so tests compare the exact texts the agent got.</param>
    /// <param name="recorder">Builds the service's audit recorder over the store's audit log; a plain one when null.</param>
    /// <param name="dispatcherStore">What the dispatcher writes its status changes through, over the store; the store itself when null.</param>
    public static async Task<DeliveryHarness> StartAsync(
        ScriptedAgentBackend? agent = null,
        TempDirectory? folder = null,
        bool markInjected = false,
        Func<IAuditLog, AuditRecorder>? recorder = null,
        Func<IMessageStore, IMessageStore>? dispatcherStore = null,
        ILogger<MessageDispatcher>? dispatcherLogger = null)
    {
        folder ??= new TempDirectory("core");
        var store = await SqliteMessageStore.OpenAsync(folder.Combine("baton.db"), null, TestContext.Current.CancellationToken);
        return new DeliveryHarness(folder, store, agent ?? new ScriptedAgentBackend(), markInjected, recorder, dispatcherStore, dispatcherLogger);
    }

    /// <summary>Stops everything but keeps the database file, as a daemon that dies leaves it.</summary>
    public async Task<TempDirectory> StopKeepingDataAsync()
    {
        await Dispatcher.DisposeAsync();
        await Store.DisposeAsync();
        return _folder;
    }

    public async ValueTask DisposeAsync()
    {
        await Dispatcher.DisposeAsync();
        await Store.DisposeAsync();
        _folder.Dispose();
    }
}
