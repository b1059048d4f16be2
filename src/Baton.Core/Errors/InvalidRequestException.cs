using Baton.Protocol;

namespace Baton.Core.Errors;

/// <summary>The request itself is wrong: a bad flag combination, empty text, an unknown mode.</summary>
public sealed class InvalidRequestException(string message, string code = ErrorCodes.Usage)
    : BatonException(code, message);
