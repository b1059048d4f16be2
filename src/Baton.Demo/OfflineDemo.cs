using Baton.Agents.Codex;
using Baton.Agents.Codex.Hosting;
using Baton.ScriptedModel;

namespace Baton.Demo;

/// <summary>
/// The offline end-to-end run behind <c>baton demo</c>: a scripted model on 127.0.0.1, a throw-away
/// <c>CODEX_HOME</c> that uses it, the real Codex app-server, a named session, and the real <c>baton</c> CLI
/// injecting into it and printing the reply. Everything it starts, it stops; everything it writes, it deletes.
/// </summary>
public static class OfflineDemo
{
    private const string Prompt = "Training finished. Read logs/train.log and propose the next run config.";

    public static async Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var baton = Path.Combine(AppContext.BaseDirectory, "baton");
        if (!File.Exists(baton))
        {
            await error.WriteLineAsync($"baton demo: the baton executable is not next to baton-demo ({baton}). Run scripts/setup first.");
            return 1;
        }

        string codexBinary;
        try
        {
            codexBinary = CodexBinary.Locate();
        }
        catch (FileNotFoundException ex)
        {
            await error.WriteLineAsync($"baton demo: {ex.Message}");
            return 1;
        }

        var root = Path.Combine(Path.GetTempPath(), $"baton-demo-{Guid.NewGuid().ToString("N")[..8]}");
        var work = Path.Combine(root, "project");
        Directory.CreateDirectory(work);
        var environment = new Dictionary<string, string>
        {
            ["BATON_HOME"] = Path.Combine(root, "baton-home"),
            ["CODEX_HOME"] = Path.Combine(root, "codex-home"),
            ["BATON_CODEX_BIN"] = codexBinary,
        };

        try
        {
            await using var model = await ScriptedModelServer.StartAsync(cancellationToken);
            await output.WriteLineAsync($"1. Scripted model (speaks the OpenAI Responses API) listening on {model.BaseUrl}");

            var home = CodexHome.FromDirectory(environment["CODEX_HOME"]);
            CodexConfigWriter.WriteOfflineConfig(home.Path, model.BaseUrl, [work]);
            await using var appServer = await CodexAppServerProcess.StartAsync(codexBinary, home, cancellationToken);
            await output.WriteLineAsync($"2. Codex {CodexBinary.PinnedVersion} app-server (pid {appServer.Pid}) serving CODEX_HOME={home.Path}");

            // The user's own Codex client (the TUI, in real life) opens a session and names it.
            await using var userClient = new CodexBackend(home);
            var session = await userClient.CreateSessionAsync("coder", work, cancellationToken);
            await output.WriteLineAsync($"3. A Codex session named 'coder' is open: thread {session.Id}");
            await output.WriteLineAsync();

            await output.WriteLineAsync("4. Baton lists the sessions it can reach (its daemon starts on first use):");
            var exit = await DemoProcess.RunAsync(output, baton, ["sessions"], environment, cancellationToken);
            await output.WriteLineAsync();

            await output.WriteLineAsync("5. A training script tells the session it is done, and waits for the agent's answer:");
            exit = exit == 0 ? await DemoProcess.RunAsync(output, baton, ["inject", "coder", "--text", Prompt, "--hook-name", "train-done", "--wait"], environment, cancellationToken) : exit;
            await output.WriteLineAsync();

            // The agent sees a first line saying the message was injected, and by which hook.
            var received = model.Requests.LastOrDefault(r => r.LastUserMessage?.EndsWith(Prompt, StringComparison.Ordinal) == true);
            await output.WriteLineAsync(received is null
                ? "6. The model never received the prompt."
                : $"6. The model received it as a user turn (request #{received.Number}):\n   {received.LastUserMessage!.Replace("\n", "\n   ", StringComparison.Ordinal)}");
            await output.WriteLineAsync();

            var ok = exit == 0 && received is not null;
            await output.WriteLineAsync(ok ? "Demo finished: the message was delivered, answered, and the answer printed." : "Demo FAILED: see above.");
            return ok ? 0 : 1;
        }
        finally
        {
            // The CLI started a Baton daemon for the demo's BATON_HOME; stop it before its folder goes.
            await DemoProcess.RunAsync(output, baton, ["daemon", "stop"], environment, CancellationToken.None);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
