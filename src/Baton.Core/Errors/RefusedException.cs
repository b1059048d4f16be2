using Baton.Protocol;

namespace Baton.Core.Errors;

/// <summary>The caller may not do this: not the owner, no fitting token, or a limit or policy says no (exit 5).</summary>
public sealed class RefusedException(string message, string code = ErrorCodes.Refused) : BatonException(code, message);
