namespace Baton.Cli.Tests.Infrastructure;

/// <summary>One request the stand-in daemon received, as it arrived on the wire.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, string Path, string Query, string Body, string? ContentType)
{
    /// <summary>The Authorization header as sent, if any.</summary>
    public string? Authorization { get; init; }
}
