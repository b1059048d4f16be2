using Baton.Protocol;

namespace Baton.Core.Errors;

public sealed class SessionNotLiveException(string message) : BatonException(ErrorCodes.SessionNotLive, message);
