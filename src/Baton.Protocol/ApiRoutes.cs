namespace Baton.Protocol;

/// <summary>The daemon's HTTP routes, in one place for the server and its clients.</summary>
public static class ApiRoutes
{
    public const string Status = "/v1/status";
    public const string Shutdown = "/v1/shutdown";
    public const string Sessions = "/v1/sessions";
    public const string Tokens = "/v1/tokens";

    /// <summary>The audit log; owner-only. Query: <c>session</c>, <c>hookName</c>, <c>since</c> (ISO-8601), <c>limit</c>.</summary>
    public const string Audit = "/v1/audit";

    public static string Session(string session) => $"/v1/sessions/{Uri.EscapeDataString(session)}";

    public static string SessionMessages(string session) => $"/v1/sessions/{Uri.EscapeDataString(session)}/messages";

    public static string SessionEvents(string session) => $"/v1/sessions/{Uri.EscapeDataString(session)}/events";

    public static string Token(string tokenId) => $"/v1/tokens/{Uri.EscapeDataString(tokenId)}";

    public static string Message(string messageId) => $"/v1/messages/{Uri.EscapeDataString(messageId)}";
}
