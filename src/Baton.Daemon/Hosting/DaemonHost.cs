using System.Net.Sockets;
using Baton.Agents.Codex;
using Baton.Core.Audit;
using Baton.Core.Delivery;
using Baton.Core.Security;
using Baton.Daemon.Api;
using Baton.Daemon.Security;
using Baton.Daemon.Tls;
using Baton.Daemon.Limits;
using Baton.Protocol;
using Baton.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Daemon.Hosting;

/// <summary>
/// The Baton daemon: the store, the agent backends, the dispatcher and the HTTP API on a Unix socket that only
/// its owner can open. One per <c>BATON_HOME</c>, held by a lock file for its whole life.
/// </summary>
public sealed class DaemonHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FileStream _lock;
    private readonly SqliteMessageStore _store;
    private readonly CodexBackend _codex;
    private readonly MessageDispatcher _dispatcher;
    private readonly CancellationTokenSource _stopping = new();
    // The key purge and the report of counted token refusals; both end when _stopping is cancelled.
    private Task _periodicWork = Task.CompletedTask;
    private bool _disposed;

    private DaemonHost(DaemonOptions options, WebApplication app, FileStream lockFile, SqliteMessageStore store, CodexBackend codex, MessageDispatcher dispatcher)
    {
        Options = options;
        _app = app;
        _lock = lockFile;
        _store = store;
        _codex = codex;
        _dispatcher = dispatcher;
    }

    public DaemonOptions Options { get; }

    public BatonPaths Paths => Options.Paths;

    public static async Task<DaemonHost> StartAsync(DaemonOptions options, CancellationToken cancellationToken)
    {
        var paths = options.Paths;
        CreatePrivateDirectory(paths.Home);
        CreatePrivateDirectory(paths.LogDirectory);
        var lockFile = AcquireLock(paths);
        try
        {
            await RemoveStaleSocketAsync(paths, cancellationToken);
            var time = TimeProvider.System;
            var store = await SqliteMessageStore.OpenAsync(paths.DatabasePath, time, cancellationToken);

            // Loaded (or made) before Kestrel starts, so a bad certificate stops the daemon with its reason.
            var listener = options.Listen is { } listen
                ? new TlsListener(listen, ListenerCertificate.Load(paths, options.TlsCertificatePath, options.TlsCertificateKeyPath, options.TlsCertificatePassword))
                : null;

            // The daemon reads no appsettings.json, yet ASP.NET's default host watches one for changes in its content
            // root, which defaults to the working directory: the folder the first `baton` command ran in. On Linux
            // that is one inotify watch per folder below it (515 for this repository; a whole home directory for a
            // user who ran baton from ~) and a wake-up for every file written there. So: no reloading, and the
            // daemon's own folder as the content root.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
            builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            var limits = options.Limits;
            FileDescriptorLimit.RaiseSoftToHard();
            var connections = new ConnectionLimit(limits.MaxConcurrentConnections);
            var ownerUid = PeerCredentials.EffectiveUserId();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                if (OperatingSystem.IsWindows())
                {
                    // The same API on a named pipe that only this user may open (see UseNamedPipes below).
                    kestrel.ListenNamedPipe(paths.PipeName, listen =>
                    {
                        listen.Use(connections.Wrap);
                        listen.Use(next => new CurrentUserPipeConnectionMiddleware(next).OnConnectionAsync);
                    });
                }
                else
                {
                    // Who is on the other end is read from the kernel as each connection opens, before any request.
                    kestrel.ListenUnixSocket(paths.SocketPath, listen =>
                    {
                        listen.Use(connections.Wrap);
                        listen.Use(next => new PeerCredentialsConnectionMiddleware(next, ownerUid).OnConnectionAsync);
                    });
                }
                if (listener is not null)
                {
                    // HTTPS only: a client speaking plain HTTP fails the TLS handshake and gets no answer at all.
                    kestrel.Listen(listener.Address.Address, listener.Address.Port, endpoint =>
                    {
                        // The cap sits behind TLS, so a refused client reads its 503 through the handshake it made.
                        endpoint.UseHttps(listener.Certificate);
                        endpoint.Use(connections.Wrap);
                    });
                }

                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = limits.EffectiveMaxRequestBodyBytes;

                // Backstops at four times the limits the API answers with problem+json (HeaderLimitsMiddleware). No
                // Kestrel connection cap: ConnectionLimit refuses with an answer, and a refused connection costs
                // only its short drain; a silent cap would turn a burst's refusals into bare hang-ups.
                kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes * 4;
                kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount * 4;
                kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConcurrentConnections;
                kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
                kestrel.Limits.MinRequestBodyDataRate = limits.MinRequestBodyBytesPerSecond > 0
                    ? new MinDataRate(limits.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5))
                    : null;
            });
            if (OperatingSystem.IsWindows())
            {
                builder.WebHost.UseNamedPipes(pipes => pipes.CurrentUserOnly = true);
            }

            builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
            builder.Services.AddCallerRateLimit(limits);
            builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BatonJsonContext.Default));

            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(new ListenerInfo(listener?.Address, listener?.Fingerprint));
            builder.Services.AddSingleton<ITokenStore>(store);
            builder.Services.AddSingleton(sp => new TokenService(store, sp.GetRequiredService<AgentRegistry>(), time));
            builder.Services.AddSingleton(limits);
            builder.Services.AddSingleton(time);
            builder.Services.AddSingleton<Core.Messages.IMessageStore>(store);
            builder.Services.AddSingleton<IAuditLog>(new SqliteAuditLog(store));
            builder.Services.AddSingleton(sp => new AuditRecorder(sp.GetRequiredService<IAuditLog>(), time, sp.GetRequiredService<ILogger<AuditRecorder>>()));
            builder.Services.AddSingleton(new RefusalLogThrottle(time));
            builder.Services.AddSingleton(sp => new CountedRefusalReporter(sp.GetRequiredService<RefusalLogThrottle>(), sp.GetRequiredService<AuditRecorder>(), time));
            builder.Services.AddSingleton(sp => new CodexBackend(options.Codex, sp.GetRequiredService<ILogger<CodexBackend>>(), time));
            builder.Services.AddSingleton(sp => new AgentRegistry([sp.GetRequiredService<CodexBackend>()]));
            builder.Services.AddSingleton<MessageProgress>();
            builder.Services.AddSingleton(sp => new MessageDispatcher(
                store, sp.GetRequiredService<AgentRegistry>(), sp.GetRequiredService<MessageProgress>(), time, sp.GetRequiredService<ILogger<MessageDispatcher>>(), options.MarkInjectedMessages));
            builder.Services.AddSingleton(sp => new InjectionService(
                store, sp.GetRequiredService<AgentRegistry>(), sp.GetRequiredService<MessageDispatcher>(), sp.GetRequiredService<MessageProgress>(),
                sp.GetRequiredService<AuditRecorder>(), time, limits.ForInjection));
            builder.Services.AddSingleton(new DaemonClock(time.GetUtcNow()));

            var app = builder.Build();
            app.UseMiddleware<ProblemMiddleware>();
            app.UseMiddleware<HeaderLimitsMiddleware>();
            app.UseMiddleware<CallerIdentityMiddleware>();
            app.UseMiddleware<BearerTokenMiddleware>();
            app.UseCallerRateLimit();
            app.MapBatonApi();
            app.MapTokenApi();

            await app.StartAsync(cancellationToken);

            // Kestrel creates the socket with the process umask; only the owner may connect.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(paths.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            await File.WriteAllTextAsync(paths.PidFilePath, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

            var dispatcher = app.Services.GetRequiredService<MessageDispatcher>();
            var host = new DaemonHost(options, app, lockFile, store, app.Services.GetRequiredService<CodexBackend>(), dispatcher);
            await dispatcher.RecoverAsync(cancellationToken);
            host._periodicWork = Task.WhenAll(
                Task.Run(() => host.PurgeKeysPeriodicallyAsync(time)),
                Task.Run(() => app.Services.GetRequiredService<CountedRefusalReporter>().RunAsync(host._stopping.Token)));
            DaemonLog.Started(app.Logger, Environment.ProcessId, paths.SocketPath, options.Codex.Path);
            if (listener is not null)
            {
                DaemonLog.TlsListening(app.Logger, listener.Address.ToString(), listener.Fingerprint.ToString());
            }
            return host;
        }
        catch
        {
            await lockFile.DisposeAsync();
            throw;
        }
    }

    /// <summary>Forgets idempotency keys past their retention, at start and then hourly.</summary>
    private async Task PurgeKeysPeriodicallyAsync(TimeProvider time)
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var purged = await _store.PurgeKeysAsync(time.GetUtcNow() - Options.IdempotencyKeyRetention, _stopping.Token);
                DaemonLog.KeysPurged(_app.Logger, purged, Options.IdempotencyKeyRetention);
                await Task.Delay(TimeSpan.FromHours(1), time, _stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Completes when the daemon was asked to stop (SIGTERM, SIGINT, or <c>POST /v1/shutdown</c>).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public void RequestStop() => _app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(path, OwnerOnly);

        // An existing folder keeps its old mode; the socket lives here, so tighten it.
        File.SetUnixFileMode(path, OwnerOnly);
    }

    /// <summary>An exclusive lock file: the kernel drops it when the process dies, so a crash never leaves it stuck.</summary>
    private static FileStream AcquireLock(BatonPaths paths)
    {
        try
        {
            return new FileStream(paths.LockFilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DaemonAlreadyRunningException(
                $"A Baton daemon already runs for BATON_HOME={paths.Home} (socket {paths.SocketPath}). Use 'baton daemon status', or 'baton daemon stop' first.");
        }
    }

    /// <summary>A socket file nobody answers on is left by a dead daemon: replace it. One that answers is never stolen.</summary>
    private static async Task RemoveStaleSocketAsync(BatonPaths paths, CancellationToken cancellationToken)
    {
        if (!File.Exists(paths.SocketPath))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(paths.SocketPath), cancellationToken);
        }
        catch (SocketException)
        {
            File.Delete(paths.SocketPath);
            return;
        }

        throw new DaemonAlreadyRunningException($"Another process answers on {paths.SocketPath}; not replacing it.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync();
        await _periodicWork;
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _dispatcher.DisposeAsync();
            await _codex.DisposeAsync();
            await _app.DisposeAsync();
            await _store.DisposeAsync();
            TryDelete(Paths.SocketPath);
            TryDelete(Paths.PidFilePath);
            await _lock.DisposeAsync();
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
