using System.Globalization;
using System.Text;

namespace Baton.ScriptedModel;

/// <summary>
/// Writes a <c>config.toml</c> that points Codex at the scripted model: no login, no network, no retries, no
/// update checks, and trusted work folders so no trust prompt blocks a scripted TUI.
/// </summary>
public static class CodexConfigWriter
{
    public static void WriteOfflineConfig(string codexHome, Uri modelBaseUrl, IEnumerable<string>? trustedProjects = null)
    {
        Directory.CreateDirectory(codexHome);
        var toml = new StringBuilder();
        toml.AppendLine("model = \"fake-model\"");
        toml.AppendLine("model_provider = \"fake\"");
        toml.AppendLine("approval_policy = \"never\"");
        toml.AppendLine("sandbox_mode = \"read-only\"");
        toml.AppendLine("check_for_update_on_startup = false");
        toml.AppendLine();
        toml.AppendLine("[model_providers.fake]");
        toml.AppendLine("name = \"Scripted loopback model\"");
        toml.AppendLine(CultureInfo.InvariantCulture, $"base_url = \"{modelBaseUrl.ToString().TrimEnd('/')}\"");
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
            toml.AppendLine(CultureInfo.InvariantCulture, $"[projects.\"{Path.GetFullPath(project).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]");
            toml.AppendLine("trust_level = \"trusted\"");
        }

        File.WriteAllText(Path.Combine(codexHome, "config.toml"), toml.ToString());
    }
}
