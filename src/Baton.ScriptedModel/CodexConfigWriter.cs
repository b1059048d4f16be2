using System.Globalization;
using System.Text;

namespace Baton.ScriptedModel;

/// <summary>
/// Writes a <c>config.toml</c> that points Codex at the scripted model: no login, no network, no retries, no
/// update checks, and trusted work folders so no trust prompt blocks a scripted TUI.
/// </summary>
/// <remarks>
/// Every key is accepted by Codex 0.169.0 under <c>--strict-config</c>. Retries are off so a scripted
/// <c>FAIL</c> fails the turn with exactly one request. The provider has no <c>env_key</c> and does not require
/// OpenAI auth, so Codex sends no Authorization header and never asks for a login.
/// </remarks>
public static class CodexConfigWriter
{
    /// <param name="approvalPolicy">
    /// Codex's <c>approval_policy</c>: <c>never</c> (no command waits for a person), or <c>on-request</c>, under which
    /// a command the model wants to run outside the sandbox (the scripted model's <c>RUN=</c>) waits for approval.
    /// </param>
    public static void WriteOfflineConfig(string codexHome, Uri modelBaseUrl, IEnumerable<string>? trustedProjects = null, string approvalPolicy = "never")
    {
        ArgumentException.ThrowIfNullOrEmpty(codexHome);
        ArgumentNullException.ThrowIfNull(modelBaseUrl);
        Directory.CreateDirectory(codexHome);

        var toml = new StringBuilder();
        toml.AppendLine("model = \"fake-model\"");
        toml.AppendLine("model_provider = \"fake\"");
        toml.AppendLine(CultureInfo.InvariantCulture, $"approval_policy = {Quote(approvalPolicy)}");
        toml.AppendLine("sandbox_mode = \"read-only\"");
        toml.AppendLine("check_for_update_on_startup = false");
        toml.AppendLine();
        toml.AppendLine("[model_providers.fake]");
        toml.AppendLine("name = \"Fake loopback provider\"");
        toml.AppendLine(CultureInfo.InvariantCulture, $"base_url = {Quote(modelBaseUrl.ToString().TrimEnd('/'))}");
        toml.AppendLine("wire_api = \"responses\"");
        toml.AppendLine("request_max_retries = 0");
        toml.AppendLine("stream_max_retries = 0");
        toml.AppendLine("stream_idle_timeout_ms = 60000");
        toml.AppendLine();
        toml.AppendLine("[analytics]");
        toml.AppendLine("enabled = false");
        toml.AppendLine();
        toml.AppendLine("[feedback]");
        toml.AppendLine("enabled = false");
        foreach (var project in trustedProjects ?? [])
        {
            toml.AppendLine();
            toml.AppendLine(CultureInfo.InvariantCulture, $"[projects.{Quote(Path.GetFullPath(project))}]");
            toml.AppendLine("trust_level = \"trusted\"");
        }

        File.WriteAllText(Path.Combine(codexHome, "config.toml"), toml.ToString());
    }

    /// <summary>A TOML basic string: paths may hold quotes, backslashes or control characters.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                < ' ' or '\u007f' => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
