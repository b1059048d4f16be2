using System.Text;
using Baton.Core.Errors;
using Baton.Protocol;

namespace Baton.Core.Delivery;

/// <summary>
/// Every rule an inject request must pass before anything is resolved or stored, in one place, so the real call
/// and <c>--dry-run</c> refuse the same things. Bad text is <see cref="ErrorCodes.InvalidText"/> (exit 2, as the
/// contract says for invalid text); a value over a size limit is <see cref="ErrorCodes.LimitExceeded"/> (exit 5);
/// a malformed field is <see cref="ErrorCodes.Usage"/> (exit 2). Error messages never echo a hostile value back.
/// </summary>
public sealed class InjectRequestValidator(InjectLimits limits)
{
    public const int MaxIdempotencyKeyLength = 256;
    public const int MaxHookNameLength = 64;
    public const int MaxRequestIdLength = 128;
    public const int MaxCwdLength = 4096;
    public const int MaxAgentLength = 32;

    /// <summary>About 24 days: the longest delay a .NET timer takes.</summary>
    public const long MaxTimeoutMs = int.MaxValue;

    public void Validate(InjectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateText(request.Text);
        if (request.IfRunning && (request.Resume || request.Hold || request.CreateIfMissing))
        {
            throw new InvalidRequestException("--if-running skips sessions that are not live; it cannot go with --resume, --hold or --create-if-missing.");
        }

        ValidateToken(request.IdempotencyKey, "idempotency key", MaxIdempotencyKeyLength, TextRules.IsVisibleAscii,
            "visible ASCII characters (letters, digits, punctuation; no spaces or control characters)");
        ValidateToken(request.HookName, "hook name", MaxHookNameLength, TextRules.IsLabel,
            "letters, digits and . _ - : / @ +");
        ValidateToken(
            request.FromSession, "sending session (fromSession)", InjectRequest.MaxFromSessionLength, TextRules.IsLabel,
            "letters, digits and . _ - : / @ +, as a session id has");
        ValidateToken(request.RequestId, "request id", MaxRequestIdLength, TextRules.IsVisibleAscii,
            "visible ASCII characters");
        ValidateToken(request.Agent, "agent", MaxAgentLength, TextRules.IsVisibleAscii, "visible ASCII characters, e.g. codex");

        if (request.Cwd is { } cwd && (cwd.Length > MaxCwdLength || TextRules.FindProblem(cwd) is not null))
        {
            throw new InvalidRequestException($"The work directory (--cwd) must be a path of at most {MaxCwdLength} characters without control characters.");
        }

        if (request.TimeoutMs is < 0 or > MaxTimeoutMs)
        {
            throw new InvalidRequestException($"timeoutMs must be between 0 and {MaxTimeoutMs} milliseconds (about 24 days).");
        }
    }

    private void ValidateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidRequestException("The message text is empty; there is nothing to send. Give --text, --text-file or --text - with some text.", ErrorCodes.InvalidText);
        }

        // The body limit already bounds the text, so counting its bytes is cheap enough.
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > limits.MaxMessageBytes)
        {
            throw new LimitExceededException(
                $"The message is {bytes} bytes of UTF-8; the message size limit is {limits.MaxMessageBytes} bytes ({Describe(limits.MaxMessageBytes)}). " +
                "Send a shorter message, or point the agent at a file instead. The limit is maxMessageBytes under \"limits\" in BATON_HOME/config.json.");
        }

        if (TextRules.FindProblem(text) is { } problem)
        {
            throw new InvalidRequestException(
                $"The message text contains {problem}. Baton sends UTF-8 text only; remove the character and send again.", ErrorCodes.InvalidText);
        }
    }

    private static void ValidateToken(string? value, string what, int maxLength, Func<string, bool> isAllowed, string allowed)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0)
        {
            throw new InvalidRequestException($"The {what} is empty; leave it out or give 1 to {maxLength} characters.");
        }

        if (value.Length > maxLength)
        {
            throw new LimitExceededException($"The {what} is {value.Length} characters long; the limit is {maxLength} characters.");
        }

        if (!isAllowed(value))
        {
            throw new InvalidRequestException($"The {what} may contain only {allowed}.");
        }
    }

    private static string Describe(int bytes) => bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";
}
