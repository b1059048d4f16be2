namespace Baton.Protocol;

/// <summary>
/// An RFC 9457 problem+json body. <see cref="Code"/> is one of <see cref="ErrorCodes"/>; clients branch on it,
/// never on the human text.
/// </summary>
public sealed record ApiProblem
{
    public string Type { get; init; } = "about:blank";
    public required string Title { get; init; }
    public int Status { get; init; }
    public string? Detail { get; init; }
    public required string Code { get; init; }

    /// <summary>For an ambiguous session name: every session it matched.</summary>
    public IReadOnlyList<SessionInfo>? Candidates { get; init; }

    /// <summary>When the failure still produced a receipt (a failed turn, a timeout), that receipt.</summary>
    public Receipt? Receipt { get; init; }
}
