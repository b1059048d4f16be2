namespace Baton.Client;

/// <summary>
/// Base of everything <see cref="BatonClient"/> throws on purpose, so a caller can tell "the daemon said no"
/// and "the daemon could not be reached" apart from bugs.
/// </summary>
public abstract class BatonClientException : Exception
{
    protected BatonClientException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
