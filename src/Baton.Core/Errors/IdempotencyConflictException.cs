using Baton.Protocol;

namespace Baton.Core.Errors;

/// <summary>An idempotency key came back with another message or session (exit 6).</summary>
public sealed class IdempotencyConflictException(string message) : BatonException(ErrorCodes.IdempotencyConflict, message);
