using Baton.Core.Delivery;

namespace Baton.Daemon.Limits;

/// <summary>
/// Every limit the daemon holds callers to, with its default. Each can be set under <c>"limits"</c> in
/// <c>BATON_HOME/config.json</c> by the property's camelCase name; the refusal a caller gets names the limit.
/// </summary>
/// <remarks>
/// Header limits are enforced twice: by the API at the configured value, with a problem+json answer that names
/// the limit, and by Kestrel at four times that value, where the request is dropped with a bare status before any
/// of it is buffered further.
/// </remarks>
public sealed record DaemonLimits
{
    /// <summary>Largest message, in bytes of UTF-8.</summary>
    public int MaxMessageBytes { get; init; } = InjectLimits.DefaultMaxMessageBytes;

    /// <summary>
    /// Largest request body. By default six times the message limit plus 64 KiB: JSON may spell each byte of a
    /// message as a six-byte <c>\uXXXX</c> escape, so any message within its limit fits.
    /// </summary>
    public long? MaxRequestBodyBytes { get; init; }

    public int MaxRequestHeadersTotalBytes { get; init; } = 32 * 1024;

    public int MaxRequestHeaderCount { get; init; } = 64;

    /// <summary>Open connections at once; one more gets 503 and is closed.</summary>
    public int MaxConcurrentConnections { get; init; } = 512;

    /// <summary>A client that has not sent all its headers by then (a slow trickle) is dropped.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A body that arrives slower than this, after a 5 s grace, is dropped.</summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 240;

    /// <summary>Sustained requests per second per caller (0.5 is one every two seconds); 0 turns the rate limit off.</summary>
    public double RateLimitPerSecond { get; init; } = 50;

    /// <summary>Requests a caller may make at once before the per-second rate applies.</summary>
    public int RateLimitBurst { get; init; } = 200;

    public long EffectiveMaxRequestBodyBytes => MaxRequestBodyBytes ?? (6L * MaxMessageBytes) + (64 * 1024);

    public InjectLimits ForInjection => new() { MaxMessageBytes = MaxMessageBytes };
}
