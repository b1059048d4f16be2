using System.Text;
using Baton.Cli.Errors;
using Baton.Cli.Interop;
using Baton.Protocol;

namespace Baton.Cli.Input;

/// <summary>
/// Reads the message from exactly one source (<c>--text</c>, <c>--text-file</c>, or <c>--text -</c> for standard
/// input). The text is sent as read: never trimmed or re-encoded, so multi-line and non-ASCII text arrives intact.
/// </summary>
internal static class InjectText
{
    public const string StandardInputMarker = "-";

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> ReadAsync(string? text, string? textFile, CliContext context, CancellationToken cancellationToken)
    {
        if (text is null && textFile is null)
        {
            throw CliException.Usage(
                "Nothing to send: give the message with --text TEXT, --text-file PATH, or --text - to read standard input.");
        }

        if (text is not null && textFile is not null)
        {
            throw CliException.Usage("Give the message once: --text and --text-file cannot be used together.");
        }

        string value;
        string source;
        if (textFile is not null)
        {
            value = ReadFile(textFile, context);
            source = $"--text-file {textFile}";
        }
        else if (text == StandardInputMarker)
        {
            value = await ReadStandardInputAsync(context, cancellationToken);
            source = "standard input";
        }
        else
        {
            value = text!;
            source = "--text";
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw CliException.Usage($"Nothing to send: the text from {source} is empty or only whitespace.");
        }

        // The daemon refuses the same; checked here too so nothing is sent (or started) for text that cannot pass.
        if (TextRules.FindProblem(value) is { } problem)
        {
            throw CliException.Usage($"The text from {source} contains {problem}. Baton sends UTF-8 text only; remove the character and send again.");
        }

        return value;
    }

    private static string ReadFile(string textFile, CliContext context)
    {
        var path = Path.GetFullPath(textFile, context.CurrentDirectory);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"Cannot read --text-file {path}: {exception.Message}");
        }

        try
        {
            // A UTF-8 byte order mark marks the encoding; it is not part of the message.
            var start = bytes.AsSpan().StartsWith(Utf8ByteOrderMark) ? Utf8ByteOrderMark.Length : 0;
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            throw CliException.Usage($"--text-file {path} is not valid UTF-8; Baton sends text as UTF-8 only.");
        }
    }

    private static async Task<string> ReadStandardInputAsync(CliContext context, CancellationToken cancellationToken)
    {
        try
        {
            // A UTF-8 byte order mark marks the encoding; it is not part of the message.
            var text = await context.In.ReadToEndAsync(cancellationToken);
            return text.StartsWith('\uFEFF') ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw CliException.Usage("Standard input is not valid UTF-8; Baton sends text as UTF-8 only.");
        }
        catch (StandardStreamException unreadable)
        {
            throw CliException.Usage($"{unreadable.Message} --text - reads the message from there; give it with --text or --text-file instead.");
        }
    }
}
