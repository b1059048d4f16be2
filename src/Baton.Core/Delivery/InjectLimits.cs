namespace Baton.Core.Delivery;

/// <summary>The limits an inject request is held to; the daemon fills them from <c>BATON_HOME/config.json</c>.</summary>
public sealed record InjectLimits
{
    public const int DefaultMaxMessageBytes = 256 * 1024;

    /// <summary>Largest message text, counted in bytes of UTF-8 (what the agent receives), not characters.</summary>
    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    public static readonly InjectLimits Default = new();
}
