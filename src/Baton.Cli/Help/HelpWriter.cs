using System.CommandLine;

namespace Baton.Cli.Help;

/// <summary>
/// Writes a command's help: description, usage, arguments, options (with the recursive options of the commands
/// above it) and subcommands, in System.CommandLine's layout, wrapped to a width.
/// </summary>
/// <remarks>
/// Not System.CommandLine's HelpBuilder: under NativeAOT it costs about 2 ms of a 10 ms <c>baton --help</c>
/// (issue 6), most of it paid once per process: its headings come from the library's resources (a
/// ResourceManager, found through reflection over the assembly's attributes) and its LINQ over generic
/// interfaces is resolved by the runtime's type loader on first use. This writer reads the same properties of the
/// same command tree with plain loops and literal headings. HelpWriterTests hold its text equal to
/// HelpBuilder's for every command of the CLI at several widths, so the two cannot drift apart unnoticed.
/// </remarks>
internal static partial class HelpWriter
{
    private const string Indent = "  ";

    public static void Write(Command command, TextWriter output, int maxWidth)
    {
        if (command.Hidden)
        {
            return;
        }

        maxWidth = maxWidth > 0 ? maxWidth : int.MaxValue;
        WriteHeading("Description:", command.Description, output, maxWidth);
        output.WriteLine();
        WriteHeading("Usage:", Usage(command), output, maxWidth);
        output.WriteLine();
        WriteSection("Arguments:", ArgumentRows(command), output, maxWidth);
        WriteSection("Options:", OptionRows(command), output, maxWidth);
        WriteSection("Commands:", SubcommandRows(command), output, maxWidth);
    }

    private static void WriteSection(string heading, List<HelpRow> rows, TextWriter output, int maxWidth)
    {
        if (rows.Count == 0)
        {
            return;
        }

        output.WriteLine(heading);
        WriteColumns(rows, output, maxWidth);
        output.WriteLine();
    }

    private static void WriteHeading(string heading, string? text, TextWriter output, int maxWidth)
    {
        output.WriteLine(heading);
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (var line in Wrap(text, Math.Max(1, maxWidth - Indent.Length)))
        {
            output.Write(Indent);
            output.WriteLine(line);
        }
    }

    /// <summary>
    /// Two columns: the first as wide as its widest entry; when both do not fit the width, the first gets at most
    /// half of it and the second what is left, each wrapped at spaces.
    /// </summary>
    private static void WriteColumns(List<HelpRow> rows, TextWriter output, int maxWidth)
    {
        var usageWidth = 0;
        var descriptionWidth = 0;
        foreach (var row in rows)
        {
            usageWidth = Math.Max(usageWidth, row.Usage.Length);
            descriptionWidth = Math.Max(descriptionWidth, row.Description.Length);
        }

        if ((long)usageWidth + descriptionWidth + (Indent.Length * 2) > maxWidth)
        {
            var usageMaxWidth = Math.Max(1, (maxWidth / 2) - Indent.Length);
            if (usageWidth > usageMaxWidth)
            {
                usageWidth = 0;
                foreach (var row in rows)
                {
                    foreach (var line in Wrap(row.Usage, usageMaxWidth))
                    {
                        usageWidth = Math.Max(usageWidth, line.Length);
                    }
                }

                usageWidth = usageWidth == 0 ? usageMaxWidth : usageWidth;
            }

            descriptionWidth = Math.Max(1, maxWidth - usageWidth - (Indent.Length * 2));
        }

        foreach (var row in rows)
        {
            var usageLines = Wrap(row.Usage, usageWidth);
            var descriptionLines = Wrap(row.Description, descriptionWidth);
            for (var i = 0; i < Math.Max(usageLines.Count, descriptionLines.Count); i++)
            {
                var usage = i < usageLines.Count ? usageLines[i] : string.Empty;
                var description = i < descriptionLines.Count ? descriptionLines[i] : string.Empty;
                output.Write(Indent);
                output.Write(usage);
                if (!string.IsNullOrWhiteSpace(description))
                {
                    output.Write(new string(' ', Math.Max(0, usageWidth - usage.Length)));
                    output.Write(Indent);
                    output.Write(description);
                }

                output.WriteLine();
            }
        }
    }

    /// <summary>
    /// Splits at line breaks, then cuts lines longer than <paramref name="width"/> after their last blank within
    /// it (the blank stays on the first part), or at the width when there is none.
    /// </summary>
    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return lines;
        }

        foreach (var part in text.Split(["\r\n", "\n"], StringSplitOptions.None))
        {
            if (part.Length <= width)
            {
                lines.Add(part);
                continue;
            }

            var start = 0;
            while (part.Length - start >= width)
            {
                var length = width;
                for (var offset = width - 1; offset >= 0; offset--)
                {
                    if (char.IsWhiteSpace(part[start + offset]))
                    {
                        length = offset + 1;
                        break;
                    }
                }

                lines.Add(part.Substring(start, length));
                start += length;
            }

            if (start < part.Length)
            {
                lines.Add(part[start..]);
            }
        }

        return lines;
    }
}
