using Baton.Protocol;

namespace Baton.Cli;

/// <summary>The exit codes the contract fixes; scripts branch on these, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Internal = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int NotLive = 4;
    public const int Refused = 5;
    public const int IdempotencyConflict = 6;
    public const int TurnFailed = 7;
    public const int Unreachable = 8;
    public const int Timeout = 124;

    /// <summary>Ctrl+C: the shell convention (128 + SIGINT), outside the contract's table.</summary>
    public const int Cancelled = 130;

    public static int FromErrorCode(string? code) => code switch
    {
        ErrorCodes.Usage or ErrorCodes.InvalidText => Usage,
        ErrorCodes.SessionNotFound or ErrorCodes.SessionAmbiguous or ErrorCodes.MessageNotFound or ErrorCodes.TokenNotFound => NotFound,
        ErrorCodes.SessionNotLive => NotLive,
        ErrorCodes.Refused or ErrorCodes.Unauthorized or ErrorCodes.LimitExceeded or ErrorCodes.RateLimited => Refused,
        ErrorCodes.IdempotencyConflict => IdempotencyConflict,
        ErrorCodes.TurnFailed or ErrorCodes.TurnInterrupted => TurnFailed,
        ErrorCodes.AgentUnreachable => Unreachable,
        ErrorCodes.Timeout => Timeout,

        // internal, and any code a newer daemon invents that this CLI does not know yet.
        _ => Internal,
    };

    public static int FromReceipt(MessageStatus status) => status switch
    {
        MessageStatus.Completed or MessageStatus.Delivered or MessageStatus.Queued
            or MessageStatus.Held or MessageStatus.Skipped or MessageStatus.DryRun => Ok,
        MessageStatus.Failed or MessageStatus.Interrupted => TurnFailed,
        MessageStatus.Timeout => Timeout,
        _ => Internal,
    };
}
