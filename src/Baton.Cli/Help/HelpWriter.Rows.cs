using System.Collections;
using System.CommandLine;
using System.CommandLine.Completions;

namespace Baton.Cli.Help;

/// <summary>What the help says about each symbol: the usage line, the rows of each table and their placeholders.</summary>
internal static partial class HelpWriter
{
    /// <summary><c>baton token create [options]</c>: the path of commands with their arguments, then placeholders.</summary>
    private static string Usage(Command command)
    {
        var path = PathFromRoot(command);
        var parts = new List<string>();
        var showOptions = false;
        foreach (var step in path)
        {
            showOptions |= HasVisibleOption(step, recursiveOnly: true);
            parts.Add(step.Name);
            parts.Add(ArgumentsUsage(step.Arguments));
        }

        foreach (var subcommand in command.Subcommands)
        {
            if (!subcommand.Hidden)
            {
                parts.Add("[command]");
                break;
            }
        }

        if (showOptions || HasVisibleOption(command, recursiveOnly: false))
        {
            parts.Add("[options]");
        }

        parts.RemoveAll(string.IsNullOrWhiteSpace);
        return string.Join(' ', parts);
    }

    private static bool HasVisibleOption(Command command, bool recursiveOnly)
    {
        foreach (var option in command.Options)
        {
            if (!option.Hidden && (option.Recursive || !recursiveOnly))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>&lt;a&gt; [&lt;b&gt;...]</c>: optional arguments in brackets that close after the last one.</summary>
    private static string ArgumentsUsage(IList<Argument> arguments)
    {
        var usage = new List<string>();
        var open = 0;
        foreach (var argument in arguments)
        {
            if (argument.Hidden)
            {
                continue;
            }

            var repeat = argument.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty;
            var optional = argument.Arity.MinimumNumberOfValues == 0;
            open += optional ? 1 : 0;
            usage.Add((optional ? "[<" : "<") + argument.Name + ">" + repeat);
        }

        return string.Join(' ', usage) + new string(']', open);
    }

    private static List<HelpRow> ArgumentRows(Command command)
    {
        var rows = new List<HelpRow>();
        foreach (var step in PathFromRoot(command))
        {
            foreach (var argument in step.Arguments)
            {
                if (argument.Hidden)
                {
                    continue;
                }

                var row = new HelpRow(
                    ArgumentValueLabel(argument),
                    WithDefault(argument.Description, argument.HasDefaultValue ? DefaultsText([(argument.Name, DisplayText(argument.GetDefaultValue(), argument.ValueType))]) : string.Empty));
                if (!rows.Contains(row))
                {
                    rows.Add(row);
                }
            }
        }

        return rows;
    }

    private static List<HelpRow> OptionRows(Command command)
    {
        var rows = new List<HelpRow>();
        foreach (var option in command.Options)
        {
            if (!option.Hidden)
            {
                rows.Add(OptionRow(option));
            }
        }

        for (var parent = ParentOf(command); parent is not null; parent = ParentOf(parent))
        {
            foreach (var option in parent.Options)
            {
                if (option is { Recursive: true, Hidden: false })
                {
                    rows.Add(OptionRow(option));
                }
            }
        }

        return rows;
    }

    private static HelpRow OptionRow(Option option)
    {
        var usage = NamesWithAliases(option.Name, option.Aliases);
        var value = OptionValueLabel(option);
        usage += string.IsNullOrWhiteSpace(value) ? string.Empty : " " + value;
        usage += option.Required ? " (REQUIRED)" : string.Empty;
        var defaults = option.HasDefaultValue ? DefaultsText([(option.Name, DisplayText(option.GetDefaultValue(), option.ValueType))]) : string.Empty;
        return new HelpRow(usage, WithDefault(option.Description, defaults));
    }

    private static List<HelpRow> SubcommandRows(Command command)
    {
        var rows = new List<HelpRow>();
        foreach (var subcommand in command.Subcommands)
        {
            if (subcommand.Hidden)
            {
                continue;
            }

            var usage = NamesWithAliases(subcommand.Name, subcommand.Aliases);
            var defaults = new List<(string Name, string Value)>();
            foreach (var argument in subcommand.Arguments)
            {
                if (argument.Hidden)
                {
                    continue;
                }

                var label = ArgumentValueLabel(argument);
                usage += string.IsNullOrWhiteSpace(label) ? string.Empty : " " + label;
                if (argument.HasDefaultValue)
                {
                    defaults.Add((argument.Name, DisplayText(argument.GetDefaultValue(), argument.ValueType)));
                }
            }

            rows.Add(new HelpRow(usage, WithDefault(subcommand.Description, DefaultsText(defaults))));
        }

        return rows;
    }

    /// <summary>One default is <c>[default: x]</c>; several name their arguments: <c>[from: 1, to: 9]</c>.</summary>
    private static string DefaultsText(List<(string Name, string Value)> defaults)
    {
        var shown = new List<string>();
        foreach (var (name, value) in defaults)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                shown.Add((defaults.Count == 1 ? "default" : name) + ": " + value);
            }
        }

        return shown.Count == 0 ? string.Empty : "[" + string.Join(", ", shown) + "]";
    }

    private static string WithDefault(string? description, string defaultText) => $"{description} {defaultText}".Trim();

    /// <summary>
    /// <c>-?, -h, --help</c>: every name once, sorted by prefix (<c>-</c>, <c>--</c>, <c>/</c>) and then by name;
    /// a name that comes with several prefixes is shown with the first.
    /// </summary>
    private static string NamesWithAliases(string name, ICollection<string> aliases)
    {
        var names = new List<(string Prefix, string Bare, int Order)>();
        foreach (var alias in (string[])[name, .. aliases])
        {
            var prefixLength = alias.StartsWith("--", StringComparison.Ordinal) ? 2 : alias.StartsWith('-') || alias.StartsWith('/') ? 1 : 0;
            names.Add((alias[..prefixLength], alias[prefixLength..], names.Count));
        }

        names.Sort(static (a, b) =>
        {
            var order = string.Compare(a.Prefix, b.Prefix, StringComparison.OrdinalIgnoreCase);
            order = order != 0 ? order : string.Compare(a.Bare, b.Bare, StringComparison.OrdinalIgnoreCase);
            return order != 0 ? order : a.Order.CompareTo(b.Order);
        });

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shown = new List<string>();
        foreach (var (prefix, bare, _) in names)
        {
            if (seen.Add(bare))
            {
                shown.Add(prefix + bare);
            }
        }

        return string.Join(", ", shown);
    }

    /// <summary>
    /// The placeholder for an option's value: <c>&lt;HelpName&gt;</c>, else the accepted values <c>&lt;a|b&gt;</c>,
    /// else its name without dashes (<c>--name &lt;name&gt;</c>); nothing for a flag.
    /// </summary>
    private static string OptionValueLabel(Option option) =>
        ValueLabel(option.HelpName, option.ValueType, option.Arity, option.CompletionSources.Count, () => option.GetCompletions(CompletionContext.Empty))
        ?? (option.CompletionSources.Count == 0 && !IsFlag(option.ValueType, option.Arity) ? $"<{option.Name.TrimStart('-', '/')}>" : string.Empty);

    /// <summary>An argument's placeholder: as an option's, but its own name as it is when there is nothing better.</summary>
    private static string ArgumentValueLabel(Argument argument) =>
        ValueLabel(argument.HelpName, argument.ValueType, argument.Arity, argument.CompletionSources.Count, () => argument.GetCompletions(CompletionContext.Empty))
        ?? $"<{argument.Name}>";

    private static string? ValueLabel(string? helpName, Type valueType, ArgumentArity arity, int completionSources, Func<IEnumerable<CompletionItem>> completions)
    {
        if (!string.IsNullOrWhiteSpace(helpName))
        {
            return $"<{helpName}>";
        }

        if (IsFlag(valueType, arity) || completionSources == 0)
        {
            return null;
        }

        var labels = new List<string>();
        foreach (var item in completions())
        {
            labels.Add(item.Label);
        }

        return labels.Count == 0 ? null : $"<{string.Join('|', labels)}>";
    }

    private static bool IsFlag(Type valueType, ArgumentArity arity) =>
        valueType == typeof(bool) || valueType == typeof(bool?) || arity.MaximumNumberOfValues <= 0;

    private static string DisplayText(object? value, Type valueType) => value switch
    {
        _ when valueType == typeof(bool) || valueType == typeof(bool?) => string.Empty,
        null => string.Empty,
        string text => text,
        IEnumerable sequence => JoinSequence(sequence),
        _ => value.ToString() ?? string.Empty,
    };

    private static string JoinSequence(IEnumerable sequence)
    {
        var items = new List<string?>();
        foreach (var item in sequence)
        {
            items.Add(item?.ToString());
        }

        return string.Join('|', items);
    }

    private static List<Command> PathFromRoot(Command command)
    {
        var path = new List<Command>();
        for (Command? step = command; step is not null; step = ParentOf(step))
        {
            path.Insert(0, step);
        }

        return path;
    }

    private static Command? ParentOf(Command command)
    {
        foreach (var parent in command.Parents)
        {
            if (parent is Command parentCommand)
            {
                return parentCommand;
            }
        }

        return null;
    }
}
