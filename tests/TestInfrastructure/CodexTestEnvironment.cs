using Baton.Agents.Codex;
using Baton.Agents.Codex.Hosting;
using Baton.ScriptedModel;

namespace Baton.Tests.Infrastructure;

/// <summary>
/// The real Codex for one test: a scripted model on 127.0.0.1, a temp <c>CODEX_HOME</c> configured to use it (no
/// login, no network), and a real <c>codex app-server --listen unix://</c> on that home, stopped by pid afterwards.
/// Run the tests inside a loopback-only network namespace (scripts/test does) so Codex can reach nothing else.
/// </summary>
public sealed class CodexTestEnvironment : IAsyncDisposable
{
    private CodexAppServerProcess? _appServer;

    private CodexTestEnvironment(TempDirectory root, ScriptedModelServer model, CodexHome home, string codexBinary)
    {
        Root = root;
        Model = model;
        Home = home;
        CodexBinaryPath = codexBinary;
    }

    public TempDirectory Root { get; }

    public ScriptedModelServer Model { get; }

    public CodexHome Home { get; }

    public string CodexBinaryPath { get; }

    /// <summary>A work folder for threads (Codex records it as the thread's cwd).</summary>
    public string WorkDirectory => Root.Combine("work");

    public CodexAppServerProcess AppServer => _appServer ?? throw new InvalidOperationException("The app-server is not running.");

    /// <param name="approvalPolicy">Codex's <c>approval_policy</c>; see <see cref="CodexConfigWriter.WriteOfflineConfig"/>.</param>
    public static async Task<CodexTestEnvironment> StartAsync(CancellationToken cancellationToken, bool startAppServer = true, string approvalPolicy = "never")
    {
        var binary = CodexBinary.Locate();
        var root = new TempDirectory("bc");
        var model = await ScriptedModelServer.StartAsync(cancellationToken);
        var home = CodexHome.FromDirectory(root.Combine("codex-home"));
        Directory.CreateDirectory(root.Combine("work"));
        CodexConfigWriter.WriteOfflineConfig(home.Path, model.BaseUrl, [root.Combine("work")], approvalPolicy);
        var environment = new CodexTestEnvironment(root, model, home, binary);
        if (startAppServer)
        {
            await environment.StartAppServerAsync(cancellationToken);
        }

        return environment;
    }

    public async Task StartAppServerAsync(CancellationToken cancellationToken)
    {
        if (_appServer is { HasExited: false })
        {
            return;
        }

        _appServer = await CodexAppServerProcess.StartAsync(CodexBinaryPath, Home, cancellationToken);
    }

    public async Task StopAppServerAsync()
    {
        if (_appServer is not null)
        {
            await _appServer.DisposeAsync();
            _appServer = null;
        }
    }

    public Task<CodexUserClient> ConnectUserAsync(CancellationToken cancellationToken) => CodexUserClient.ConnectAsync(Home, cancellationToken);

    /// <summary>
    /// Stops Codex's own daemon for this home, if something (Baton, the TUI) started it: the app-server and the
    /// updater that outlives <c>daemon stop</c>, each by the pid in its pid file.
    /// </summary>
    public async Task StopCodexDaemonAsync()
    {
        foreach (var file in new[] { "daemon.pid", "daemon-updater.pid" })
        {
            var path = System.IO.Path.Combine(Home.Path, "app-server-daemon", file);
            if (!File.Exists(path))
            {
                continue;
            }

            using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path));
            if (json.RootElement.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out var id) && ProcessState.IsAlive(id))
            {
                using var process = System.Diagnostics.Process.GetProcessById(id);
                process.Kill();
                await ProcessState.WaitUntilGoneAsync(id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppServerAsync();
        await StopCodexDaemonAsync();
        await Model.DisposeAsync();
        Root.Dispose();
    }
}
