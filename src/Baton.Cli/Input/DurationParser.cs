using System.Globalization;

namespace Baton.Cli.Input;

/// <summary>Parses the contract's DURATION: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, or plain seconds; decimals allowed.</summary>
internal static class DurationParser
{
    public const string AcceptedForms = "500ms, 30s, 5m, 1h, or plain seconds such as 30 (decimals allowed, e.g. 1.5s)";

    public const string AcceptedFormsWithDays = "500ms, 30s, 5m, 1h, 7d, or plain seconds such as 30 (decimals allowed, e.g. 1.5d)";

    /// <summary>The longest span a day-count may name: a century, so a typo cannot overflow a date.</summary>
    private static readonly TimeSpan LongestSpan = TimeSpan.FromDays(36_500);

    /// <summary>
    /// DURATION, or a number of days (<c>7d</c>), for spans that look back or far ahead (<c>log --since</c>,
    /// <c>token create --ttl</c>). Waits (<c>--timeout</c>) take plain DURATION, which has no days.
    /// </summary>
    public static bool TryParseAllowingDays(string? text, out TimeSpan duration)
    {
        duration = default;
        var value = text?.Trim() ?? "";
        if (value.EndsWith('d') && TryParse(value[..^1] + "h", out var hours))
        {
            duration = hours * 24;
        }
        else if (!TryParse(value, out duration))
        {
            return false;
        }

        return duration <= LongestSpan;
    }

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim().ToLowerInvariant();
        var (number, millisecondsPerUnit) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 1m),
            _ when value.EndsWith('s') => (value[..^1], 1_000m),
            _ when value.EndsWith('m') => (value[..^1], 60_000m),
            _ when value.EndsWith('h') => (value[..^1], 3_600_000m),
            _ => (value, 1_000m),
        };

        // Digits and one decimal point only: no sign, no exponent, no spaces between number and unit.
        if (number.Length == 0 || !number.Any(char.IsAsciiDigit)
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        decimal milliseconds;
        try
        {
            milliseconds = amount * millisecondsPerUnit;
        }
        catch (OverflowException)
        {
            return false;
        }

        if (milliseconds <= 0 || milliseconds > (decimal)TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds((double)milliseconds);
        return duration > TimeSpan.Zero;
    }

    /// <summary>Shows a duration the way a user would type it.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMilliseconds: < 1_000 } => $"{duration.TotalMilliseconds:0.###}ms",
        { TotalSeconds: < 60 } => $"{duration.TotalSeconds:0.###}s",
        { TotalMinutes: < 60 } => $"{duration.TotalMinutes:0.###}m",
        _ => $"{duration.TotalHours:0.###}h",
    };
}
