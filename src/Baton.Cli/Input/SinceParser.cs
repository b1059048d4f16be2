using System.Globalization;

namespace Baton.Cli.Input;

/// <summary>
/// Parses <c>baton log --since</c>: a duration back from now (<c>10m</c>, <c>2h</c>, <c>7d</c>, any DURATION) or an
/// ISO-8601 time (<c>2025-01-31</c>, <c>2025-01-31T09:00:00Z</c>; without an offset it is local time).
/// </summary>
internal static class SinceParser
{
    public const string AcceptedForms = "a duration back from now such as 10m, 2h or 7d, or an ISO-8601 time such as 2025-01-31T09:00:00Z";

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (DurationParser.TryParseAllowingDays(value, out var back))
        {
            since = now - back;
            return true;
        }

        // A time needs a date: "12" or "1.5" are read as seconds above, never as a timestamp.
        return value.Contains('-', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal | DateTimeStyles.AllowWhiteSpaces, out since);
    }
}
