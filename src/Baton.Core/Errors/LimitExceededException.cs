using Baton.Protocol;

namespace Baton.Core.Errors;

/// <summary>A size or count limit said no (exit 5). The message names the limit, its value, and where to change it.</summary>
public sealed class LimitExceededException(string message) : BatonException(ErrorCodes.LimitExceeded, message);
