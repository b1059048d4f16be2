using Microsoft.Extensions.Logging;

namespace Baton.Core.Delivery;

internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Message {MessageId} delivered to {Agent}:{SessionId} as turn {TurnId}")]
    public static partial void Delivered(ILogger logger, string messageId, string agent, string sessionId, string turnId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Message {MessageId} ended: {Status}")]
    public static partial void Ended(ILogger logger, string messageId, string status);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Agent unreachable while delivering {MessageId}; it stays queued and is retried in {Delay}")]
    public static partial void AgentUnreachable(ILogger logger, string messageId, TimeSpan delay);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Delivering {MessageId} failed")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Recovered {Queued} queued and {Delivered} delivered messages after start")]
    public static partial void Recovered(ILogger logger, int queued, int delivered);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Message {MessageId} was already with the agent (turn {TurnId}); not sending it again")]
    public static partial void FoundInDoubt(ILogger logger, string messageId, string turnId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Could not store status {Status} of message {MessageId}; it was reported all the same, and the store keeps the earlier status until a restart takes the message up from there")]
    public static partial void StatusNotStored(ILogger logger, Exception exception, string messageId, string status);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Lost track of the turn of message {MessageId}; it is retried")]
    public static partial void FollowFailed(ILogger logger, Exception exception, string messageId);
}
