using System.Globalization;

namespace Baton.Protocol;

/// <summary>
/// What a message may contain, shared by the CLI (which checks before it sends) and the daemon (which checks
/// whatever arrives). Text is Unicode that encodes as UTF-8; of the control characters only tab, line feed and
/// carriage return pass, because the others (NUL, ESC and the C1 set) can truncate strings in C consumers or steer
/// the terminal of whoever reads the session.
/// </summary>
public static class TextRules
{
    /// <summary>Null when the text is acceptable; otherwise which character is wrong and where, for the error message.</summary>
    public static string? FindProblem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"an unpaired surrogate (U+{(int)c:X4}) at character {i}, which has no UTF-8 encoding";
            }

            if (c == '\0')
            {
                return $"a NUL character (U+0000) at character {i}";
            }

            if (IsForbiddenControl(c))
            {
                return $"the control character U+{(int)c:X4} at character {i} (only tab, line feed and carriage return are allowed)";
            }
        }

        return null;
    }

    /// <summary>C0 controls other than tab, LF and CR; DEL; and the C1 controls U+0080–U+009F.</summary>
    public static bool IsForbiddenControl(char c) =>
        c is not ('\t' or '\n' or '\r') && char.GetUnicodeCategory(c) == UnicodeCategory.Control;

    /// <summary>
    /// A character of a label (hook names, session ids): ASCII letters, digits and <c>. _ - : / @ +</c>. Labels are
    /// quoted in the provenance line the agent reads, so no quote or bracket can forge one.
    /// </summary>
    public static bool IsLabelCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/' or '@' or '+';

    public static bool IsLabel(string value)
    {
        foreach (var c in value)
        {
            if (!IsLabelCharacter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every character is visible ASCII (U+0021–U+007E): for keys and ids that end up in logs and URLs.</summary>
    public static bool IsVisibleAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
