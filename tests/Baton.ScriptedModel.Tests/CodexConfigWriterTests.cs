namespace Baton.ScriptedModel.Tests;

public sealed class CodexConfigWriterTests
{
    [Fact(Timeout = 30_000)]
    public async Task WriteOfflineConfig_NewFolder_WritesTheOfflineProviderAndTrustedProjects()
    {
        using var root = new TempFolder();
        var home = Path.Combine(root.Path, "not", "yet", "there");
        var odd = Path.Combine(root.Path, "say \"hi\" \\ there");

        CodexConfigWriter.WriteOfflineConfig(home, new Uri("http://127.0.0.1:4321/v1"), [Path.Combine(root.Path, "work"), odd]);

        var toml = await File.ReadAllTextAsync(Path.Combine(home, "config.toml"), TestContext.Current.CancellationToken);
        Assert.Contains("model = \"fake-model\"\n", toml, StringComparison.Ordinal);
        Assert.Contains("model_provider = \"fake\"\n", toml, StringComparison.Ordinal);
        Assert.Contains("approval_policy = \"never\"\n", toml, StringComparison.Ordinal);
        Assert.Contains("sandbox_mode = \"read-only\"\n", toml, StringComparison.Ordinal);
        Assert.Contains("check_for_update_on_startup = false\n", toml, StringComparison.Ordinal);
        Assert.Contains("[model_providers.fake]\n", toml, StringComparison.Ordinal);
        Assert.Contains("base_url = \"http://127.0.0.1:4321/v1\"\n", toml, StringComparison.Ordinal);
        Assert.Contains("wire_api = \"responses\"\n", toml, StringComparison.Ordinal);
        Assert.Contains("request_max_retries = 0\n", toml, StringComparison.Ordinal);
        Assert.Contains("stream_max_retries = 0\n", toml, StringComparison.Ordinal);
        Assert.Contains("[analytics]\nenabled = false\n", toml, StringComparison.Ordinal);
        Assert.Contains("[feedback]\nenabled = false\n", toml, StringComparison.Ordinal);
        Assert.DoesNotContain("env_key", toml, StringComparison.Ordinal);
        Assert.Contains($"[projects.\"{root.Path}/work\"]\ntrust_level = \"trusted\"\n", toml, StringComparison.Ordinal);
        Assert.Contains($"[projects.\"{root.Path}/say \\\"hi\\\" \\\\ there\"]\n", toml, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task WriteOfflineConfig_NoTrustedProjects_WritesNoProjectTables()
    {
        using var root = new TempFolder();

        CodexConfigWriter.WriteOfflineConfig(root.Path, new Uri("http://127.0.0.1:4321/v1/"));

        var toml = await File.ReadAllTextAsync(Path.Combine(root.Path, "config.toml"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("[projects.", toml, StringComparison.Ordinal);
        Assert.Contains("base_url = \"http://127.0.0.1:4321/v1\"\n", toml, StringComparison.Ordinal);
    }
}
