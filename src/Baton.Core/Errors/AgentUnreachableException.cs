using Baton.Protocol;

namespace Baton.Core.Errors;

/// <summary>The agent or its daemon could not be reached (exit 8).</summary>
public sealed class AgentUnreachableException(string message, Exception? inner = null)
    : BatonException(ErrorCodes.AgentUnreachable, message, inner);
