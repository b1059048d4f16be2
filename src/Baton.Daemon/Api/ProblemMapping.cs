using Baton.Core.Errors;
using Baton.Core.Delivery;
using Baton.Protocol;
using Microsoft.AspNetCore.Http;

namespace Baton.Daemon.Api;

/// <summary>The one place that turns errors into problem+json: an HTTP status and a stable <see cref="ErrorCodes"/> code.</summary>
internal static class ProblemMapping
{
    public static ApiProblem From(BatonException error) => new()
    {
        Title = Title(error.Code),
        Status = Status(error.Code),
        Detail = error.Message,
        Code = error.Code,
        Candidates = error is AmbiguousSessionException ambiguous ? [.. ambiguous.Candidates.Select(c => ReceiptFactory.ToInfo(c))] : null,
    };

    public static ApiProblem Usage(string detail) => new()
    {
        Title = Title(ErrorCodes.Usage),
        Status = StatusCodes.Status400BadRequest,
        Detail = detail,
        Code = ErrorCodes.Usage,
    };

    /// <summary>A limit refusal made outside the endpoints (connections, headers), at the status that fits it.</summary>
    public static ApiProblem Limit(int status, string detail) => new()
    {
        Title = Title(ErrorCodes.LimitExceeded),
        Status = status,
        Detail = detail,
        Code = ErrorCodes.LimitExceeded,
    };

    public static ApiProblem RateLimited(string detail) => new()
    {
        Title = Title(ErrorCodes.RateLimited),
        Status = StatusCodes.Status429TooManyRequests,
        Detail = detail,
        Code = ErrorCodes.RateLimited,
    };

    public static ApiProblem Internal(string detail) => new()
    {
        Title = Title(ErrorCodes.Internal),
        Status = StatusCodes.Status500InternalServerError,
        Detail = detail,
        Code = ErrorCodes.Internal,
    };

    private static int Status(string code) => code switch
    {
        ErrorCodes.Usage or ErrorCodes.InvalidText => StatusCodes.Status400BadRequest,
        ErrorCodes.SessionNotFound or ErrorCodes.MessageNotFound or ErrorCodes.TokenNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.SessionAmbiguous or ErrorCodes.SessionNotLive or ErrorCodes.IdempotencyConflict => StatusCodes.Status409Conflict,
        ErrorCodes.Refused => StatusCodes.Status403Forbidden,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.LimitExceeded => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.AgentUnreachable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.Timeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static string Title(string code) => code switch
    {
        ErrorCodes.Usage => "Invalid request",
        ErrorCodes.InvalidText => "Invalid message text",
        ErrorCodes.SessionNotFound => "Session not found",
        ErrorCodes.SessionAmbiguous => "Session name is ambiguous",
        ErrorCodes.SessionNotLive => "Session is not live",
        ErrorCodes.Refused => "Refused",
        ErrorCodes.Unauthorized => "Unauthorized",
        ErrorCodes.LimitExceeded => "Limit exceeded",
        ErrorCodes.RateLimited => "Too many requests",
        ErrorCodes.IdempotencyConflict => "Idempotency key conflict",
        ErrorCodes.AgentUnreachable => "Agent unreachable",
        ErrorCodes.MessageNotFound => "Message not found",
        ErrorCodes.TokenNotFound => "Token not found",
        ErrorCodes.Timeout => "Timed out",
        _ => "Internal error",
    };
}
