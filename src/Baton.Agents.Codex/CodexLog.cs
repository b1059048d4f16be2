using Microsoft.Extensions.Logging;

namespace Baton.Agents.Codex;

/// <summary>The Codex backend's log events; ids are stable so operators can grep and alert on them.</summary>
internal static partial class CodexLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Connected to the Codex app-server at {SocketPath}")]
    public static partial void Connected(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Lost the connection to the Codex app-server at {SocketPath}")]
    public static partial void ConnectionLost(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Subscribed to thread {ThreadId} (running: {Running})")]
    public static partial void Subscribed(ILogger logger, string threadId, bool running);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Started turn {TurnId} on thread {ThreadId} for message {MessageId}")]
    public static partial void TurnStarted(ILogger logger, string turnId, string threadId, string messageId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Turn {TurnId} on thread {ThreadId} ended: {Status}")]
    public static partial void TurnEnded(ILogger logger, string turnId, string threadId, string status);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Left the app-server's request {Method} unanswered: it asks for a human decision")]
    public static partial void HumanRequestIgnored(ILogger logger, string method);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Started the Codex daemon for {CodexHome}: {Output}")]
    public static partial void DaemonStarted(ILogger logger, string codexHome, string output);
}
