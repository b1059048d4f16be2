namespace Baton.Protocol;

/// <summary>Body of <c>GET /v1/sessions/{session}</c>: state, pending messages and recent receipts.</summary>
public sealed record SessionDetail(SessionInfo Session, IReadOnlyList<Receipt> Pending, IReadOnlyList<Receipt> Recent);
