using System.Text.Json;
using Baton.Protocol;

namespace Baton.Daemon.Hosting;

/// <summary>
/// <c>BATON_HOME/config.json</c>, optional. Known keys: <c>markInjectedMessages</c> (bool). A file that is not valid
/// JSON stops the daemon with a message naming it, rather than being half-read.
/// </summary>
public sealed record DaemonConfigFile(bool? MarkInjectedMessages)
{
    public static string PathIn(BatonPaths paths) => Path.Combine(paths.Home, "config.json");

    public static DaemonConfigFile Read(BatonPaths paths)
    {
        var path = PathIn(paths);
        if (!File.Exists(path))
        {
            return new DaemonConfigFile(MarkInjectedMessages: null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            bool? mark = root.TryGetProperty("markInjectedMessages", out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : null;
            return new DaemonConfigFile(mark);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not valid JSON ({ex.Message}). Fix or remove it, then start the daemon again.", ex);
        }
    }
}
