using Baton.Protocol;

namespace Baton.Core.Errors;

/// <summary>The agent answered, but refused or failed the request; the message carries its words.</summary>
public sealed class AgentRequestException(string message, Exception? inner = null)
    : BatonException(ErrorCodes.Internal, message, inner);
