using Baton.Protocol;

namespace Baton.Core.Errors;

public sealed class SessionNotFoundException(string message) : BatonException(ErrorCodes.SessionNotFound, message);
