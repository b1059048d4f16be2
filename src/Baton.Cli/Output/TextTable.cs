using System.Text;

namespace Baton.Cli.Output;

/// <summary>Left-aligned columns separated by two spaces; the last column is not padded so lines carry no trailing blanks.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public IEnumerable<string> Render(bool withHeader = false)
    {
        var rows = withHeader ? _rows.Prepend(headers).ToList() : _rows;
        var widths = new int[headers.Length];
        foreach (var row in rows)
        {
            for (var column = 0; column < widths.Length && column < row.Length; column++)
            {
                widths[column] = Math.Max(widths[column], row[column].Length);
            }
        }

        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var column = 0; column < row.Length; column++)
            {
                if (column > 0)
                {
                    line.Append("  ");
                }

                line.Append(column == row.Length - 1 ? row[column] : row[column].PadRight(widths[column]));
            }

            yield return line.ToString();
        }
    }
}
