using Baton.Protocol;

namespace Baton.Cli.Commands;

/// <summary>
/// The agent session this baton runs in, when an agent's own command runs it: Codex sets <c>CODEX_THREAD_ID</c> for
/// every command its agent runs. Sent with an inject so the receiving agent reads which session wrote to it, and the
/// audit log keeps it.
/// </summary>
internal static class SendingSession
{
    /// <summary>The session id, or null outside an agent or when the variable holds anything but a plain id.</summary>
    public static string? From(Func<string, string?> environment) =>
        environment("CODEX_THREAD_ID") is { Length: > 0 and <= InjectRequest.MaxFromSessionLength } id && TextRules.IsLabel(id)
            ? id
            : null;
}
