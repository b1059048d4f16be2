namespace Baton.Core.Sessions;

/// <summary>Agent names a session selector may carry as a prefix.</summary>
public static class KnownAgents
{
    public const string Codex = "codex";

    public static bool IsKnown(string name) => string.Equals(name, Codex, StringComparison.OrdinalIgnoreCase);
}
