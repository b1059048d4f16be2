namespace Baton.Core.Errors;

/// <summary>
/// Base of the errors a caller can act on. <see cref="Code"/> is one of <c>Baton.Protocol.ErrorCodes</c>;
/// the message says what happened, to what, and what to do next.
/// </summary>
public abstract class BatonException : Exception
{
    protected BatonException(string code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public string Code { get; }
}
