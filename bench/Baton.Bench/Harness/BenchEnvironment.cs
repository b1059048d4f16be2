using System.Globalization;
using System.Text.Json;
using Baton.Agents.Codex;
using Baton.Agents.Codex.Hosting;
using Baton.Client;
using Baton.Core.Sessions;
using Baton.Protocol;
using Baton.ScriptedModel;

namespace Baton.Bench.Harness;

/// <summary>
/// Everything one benchmark measures, all real except the model: a scripted model on 127.0.0.1, a throw-away
/// <c>CODEX_HOME</c> using it, the pinned Codex app-server on that home's control socket, and the published Baton
/// daemon (started by <c>baton daemon start</c>, as the CLI would) on a throw-away <c>BATON_HOME</c>. The bench also
/// keeps its own app-server connection (<see cref="User"/>), playing the user's TUI: it opens the sessions and sees
/// their turns. Dispose stops every process by pid and deletes every file.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly string _root;
    private readonly List<IAsyncDisposable> _owned = [];

    private BenchEnvironment(string root, BenchExecutables executables, ScriptedModelServer model, CodexHome codexHome)
    {
        _root = root;
        Executables = executables;
        Model = model;
        CodexHome = codexHome;
        BatonHome = Path.Combine(root, "baton-home");
        WorkDirectory = Path.Combine(root, "work");
        ChildEnvironment = new Dictionary<string, string>
        {
            ["BATON_HOME"] = BatonHome,
            ["CODEX_HOME"] = codexHome.Path,
            ["BATON_CODEX_BIN"] = executables.Codex,
        };
        Client = new BatonClient(Path.Combine(BatonHome, "baton.sock"));
        User = new CodexBackend(codexHome);
    }

    public BenchExecutables Executables { get; }

    public ScriptedModelServer Model { get; }

    public CodexHome CodexHome { get; }

    public string BatonHome { get; }

    public string WorkDirectory { get; }

    /// <summary>What every child process (baton, codex) gets on top of the bench's own environment.</summary>
    public IReadOnlyDictionary<string, string> ChildEnvironment { get; }

    /// <summary>An HTTP client of the daemon's socket, as automation would use it.</summary>
    public BatonClient Client { get; }

    /// <summary>The bench's own app-server connection: it creates the sessions and follows their turns.</summary>
    public CodexBackend User { get; }

    public int DaemonPid { get; private set; }

    public int AppServerPid { get; private set; }

    /// <param name="withoutShellSnapshot">
    /// Turns off Codex's shell snapshot (<c>[features] shell_snapshot = false</c>). With it on, every
    /// <c>thread/start</c> runs the user's login shell to capture its environment (here root's bash profile with
    /// pyenv hooks: about 3 s each on a busy machine, 14 ms without), which makes opening a thousand threads take the
    /// best part of an hour. It changes nothing Baton does or measures: the snapshot is only for the model's shell
    /// commands, and the scripted model runs none.
    /// </param>
    public static async Task<BenchEnvironment> StartAsync(BenchExecutables executables, CancellationToken cancellationToken, bool withoutShellSnapshot = false)
    {
        // Short paths: a Unix socket path must fit in 108 bytes. bench/run points BATON_BENCH_ROOT at a folder it
        // cleans up after the run, whatever happened.
        var parent = Environment.GetEnvironmentVariable("BATON_BENCH_ROOT") is { Length: > 0 } given ? given : "/tmp";
        var root = Path.Combine(parent, $"bb-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path.Combine(root, "work"));
        ScriptedModelServer? model = null;
        BenchEnvironment? environment = null;
        try
        {
            model = await ScriptedModelServer.StartAsync(cancellationToken);
            var home = CodexHome.FromDirectory(Path.Combine(root, "codex-home"));
            CodexConfigWriter.WriteOfflineConfig(home.Path, model.BaseUrl, [Path.Combine(root, "work")]);
            if (withoutShellSnapshot)
            {
                await File.AppendAllTextAsync(Path.Combine(home.Path, "config.toml"), "\n[features]\nshell_snapshot = false\n", cancellationToken);
            }

            environment = new BenchEnvironment(root, executables, model, home);
            var appServer = await CodexAppServerProcess.StartAsync(executables.Codex, home, cancellationToken);
            environment._owned.Add(appServer);
            environment.AppServerPid = appServer.Pid;
            await environment.StartDaemonAsync(cancellationToken);
            return environment;
        }
        catch
        {
            if (environment is not null)
            {
                await environment.DisposeAsync();
            }
            else if (model is not null)
            {
                await model.DisposeAsync();
                DeleteQuietly(root);
            }

            throw;
        }
    }

    private async Task StartDaemonAsync(CancellationToken cancellationToken)
    {
        // The per-caller rate limit (50/s by default) would measure itself, not the daemon: every benchmark client
        // runs as the same uid, so it is off here, as a user who drives Baton this hard would set it.
        Directory.CreateDirectory(BatonHome);
        await File.WriteAllTextAsync(Path.Combine(BatonHome, "config.json"), """{ "limits": { "rateLimitPerSecond": 0 } }""", cancellationToken);
        (await RunBatonAsync(["daemon", "start"], cancellationToken)).EnsureSuccess("baton daemon start");
        var status = await Client.GetStatusAsync(cancellationToken);
        DaemonPid = status.Pid;
        if (status.Agents.FirstOrDefault() is { Reachable: false } agent)
        {
            throw new BenchSetupException($"The Baton daemon cannot reach Codex at {agent.Endpoint}: {agent.Error}");
        }
    }

    /// <summary>
    /// After a benchmark stopped the daemon and a command started a new one: learns the new one's pid, so the
    /// clean-up stops (or kills) that daemon and never a process that took the old pid.
    /// </summary>
    public async Task FollowRestartedDaemonAsync(CancellationToken cancellationToken)
    {
        try
        {
            DaemonPid = (await Client.GetStatusAsync(cancellationToken)).Pid;
        }
        catch (BatonClientException)
        {
            // None answers: nothing to stop by pid (the old pid may belong to someone else by now).
            DaemonPid = 0;
        }
    }

    public Task<ChildProcessResult> RunBatonAsync(IEnumerable<string> args, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync(Executables.Baton, args, ChildEnvironment, cancellationToken);

    /// <summary>Runs Codex's native executable, or <paramref name="executable"/> (the npm command) when given.</summary>
    public Task<ChildProcessResult> RunCodexAsync(IEnumerable<string> args, CancellationToken cancellationToken, string? executable = null) =>
        ChildProcess.RunAsync(executable ?? Executables.Codex, args, ChildEnvironment, cancellationToken);

    /// <summary>
    /// Opens <paramref name="count"/> named sessions (<c>prefix-0001</c>, …) as the user's client would: loaded in
    /// the app-server and idle. <paramref name="concurrency"/> requests are in flight at once.
    /// </summary>
    public async Task<IReadOnlyList<AgentSession>> CreateSessionsAsync(string prefix, int count, int concurrency, CancellationToken cancellationToken)
    {
        var sessions = new AgentSession[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            sessions[i] = await User.CreateSessionAsync(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i + 1:D4}"), WorkDirectory, ct);
        });
        return sessions;
    }

    /// <summary>
    /// Starts one long turn on each of <paramref name="sessions"/> (the scripted model streams its reply over an
    /// hour) and returns once every one has reached the model: from then on an inject to them is queued behind it.
    /// </summary>
    public async Task StartLongTurnsAsync(IReadOnlyList<AgentSession> sessions, CancellationToken cancellationToken)
    {
        var before = ModelTurnRequests;
        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (session, ct) =>
        {
            var receipt = await Client.InjectAsync(session.Id, new InjectRequest { Text = "a long turn SLOW=3600" }, ct);
            if (receipt.Status != MessageStatus.Delivered)
            {
                throw new BenchSetupException($"The long turn on {session.Name} did not start: {receipt.Status}.");
            }
        });

        await WaitForModelTurnRequestsAsync(before + sessions.Count, TimeSpan.FromMinutes(2), cancellationToken);
    }

    /// <summary>Model requests so far that belong to turns (the TUI's title requests aside).</summary>
    public int ModelTurnRequests => Model.Requests.Count(r => !r.IsTitleRequest);

    /// <summary>
    /// Waits until the model has been asked for <paramref name="count"/> turns in all: every turn Codex started by
    /// then has got as far as the model.
    /// </summary>
    public async Task WaitForModelTurnRequestsAsync(int count, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            while (ModelTurnRequests < count)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchSetupException($"The model got {ModelTurnRequests} turn requests, not {count}, within {limit.TotalSeconds:F0} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await User.DisposeAsync();
        await StopDaemonAsync();
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await StopCodexDaemonAsync();
        await Model.DisposeAsync();
        DeleteQuietly(_root);
    }

    /// <summary>Asks the daemon to stop as a user would; kills it by pid if it is still there after that.</summary>
    private async Task StopDaemonAsync()
    {
        if (DaemonPid == 0)
        {
            return;
        }

        try
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await RunBatonAsync(["daemon", "stop"], stopTimeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        KillIfAlive(DaemonPid);
    }

    /// <summary>
    /// Codex's own daemon and its updater, by the pids in their pid files, if anything started them for this home
    /// (the bench runs its own foreground app-server, so normally nothing did).
    /// </summary>
    private async Task StopCodexDaemonAsync()
    {
        foreach (var file in new[] { "daemon.pid", "daemon-updater.pid" })
        {
            var path = Path.Combine(CodexHome.Path, "app-server-daemon", file);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
                if (json.RootElement.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out var id))
                {
                    KillIfAlive(id);
                }
            }
            catch (JsonException)
            {
            }
        }
    }

    private static void KillIfAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
