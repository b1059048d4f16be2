using System.CommandLine;
using System.CommandLine.Help;
using Baton.Cli.Help;
using Baton.Cli.Tests.Infrastructure;

namespace Baton.Cli.Tests;

/// <summary>
/// Baton writes help itself (<see cref="HelpWriter"/>, for start-up time); these hold its text equal to
/// System.CommandLine's HelpBuilder, the layout users of .NET tools know, so the two cannot drift apart.
/// </summary>
public sealed class HelpWriterTests
{
    public static TheoryData<int> Widths => [int.MaxValue, 200, 120, 80, 60, 40, 20, 10];

    [Theory(Timeout = 30000)]
    [MemberData(nameof(Widths))]
    public void Write_EveryCommandOfTheCli_SameTextAsSystemCommandLine(int width)
    {
        var root = BatonCommandLine.CreateRootCommand(NewContext());
        var commands = new List<Command>();
        Collect(root, commands);

        Assert.True(commands.Count > 15, $"only {commands.Count} commands found");
        foreach (var command in commands)
        {
            Assert.Equal(Reference(command, width), Ours(command, width));
        }
    }

    [Theory(Timeout = 30000)]
    [MemberData(nameof(Widths))]
    public void Write_EveryKindOfSymbol_SameTextAsSystemCommandLine(int width)
    {
        var root = KitchenSink();
        var commands = new List<Command>();
        Collect(root, commands);

        foreach (var command in commands)
        {
            Assert.Equal(Reference(command, width), Ours(command, width));
        }
    }

    [Fact(Timeout = 30000)]
    public void Write_NarrowTerminal_WrapsEveryLineToItsWidth()
    {
        var inject = BatonCommandLine.CreateRootCommand(NewContext()).Subcommands.Single(c => c.Name == "inject");

        var text = Ours(inject, 80);

        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, $"{line.Length} characters: {line}"));
        Assert.Contains("  --text <TEXT>", text, StringComparison.Ordinal);
        Assert.Contains("interrupt", text, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30000)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Write_WidthTooSmallForAnything_LosesNoCharacter(int width)
    {
        // System.CommandLine's own help throws below a width of 10 or so; a terminal that narrow should still get help.
        var root = BatonCommandLine.CreateRootCommand(NewContext());

        var text = Ours(root, width);

        Assert.Equal(Characters(Ours(root, int.MaxValue)), Characters(text));
    }

    /// <summary>The text's visible characters in order of their code: the two columns interleave when wrapped.</summary>
    private static string Characters(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)).Order());

    [Fact(Timeout = 30000)]
    public void Write_HiddenCommand_WritesNothing()
    {
        var hidden = new Command("secret", "not for users") { Hidden = true };

        Assert.Equal(string.Empty, Ours(hidden, int.MaxValue));
    }

    private static string Ours(Command command, int width)
    {
        using var writer = new StringWriter();
        HelpWriter.Write(command, writer, width);
        return writer.ToString();
    }

    /// <summary>
    /// System.CommandLine's own text at <paramref name="width"/>. Its HelpBuilder is internal in 2.0 (HelpAction
    /// makes one for the console's width), so the test makes one by reflection: a package update that changes it
    /// fails here, loudly.
    /// </summary>
    private static string Reference(Command command, int width)
    {
        var builderType = typeof(HelpAction).Assembly.GetType("System.CommandLine.Help.HelpBuilder", throwOnError: true)!;
        var builder = Activator.CreateInstance(builderType, width)!;
        var write = builderType.GetMethod("Write", [typeof(Command), typeof(TextWriter)])!;
        using var writer = new StringWriter();
        write.Invoke(builder, [command, writer]);
        return writer.ToString();
    }

    private static void Collect(Command command, List<Command> into)
    {
        into.Add(command);
        foreach (var subcommand in command.Subcommands)
        {
            Collect(subcommand, into);
        }
    }

    /// <summary>What Baton's own commands do not use yet, so that a command added later is still shown right.</summary>
    private static Command KitchenSink()
    {
        var root = new Command("tool", "A tool.\nIts second line.\n\nAfter a blank line.")
        {
            new Option<bool>("--verbose", "-v") { Description = "Say more.", Recursive = true },
            new Option<bool>("--secret") { Description = "Not shown.", Hidden = true, Recursive = true },
        };
        var color = new Option<ConsoleColor>("--color") { Description = "An enum: its values are the placeholder." };
        var level = new Option<int>("--level", "-l", "/l") { Description = "A number with a default.", DefaultValueFactory = _ => 3 };
        var on = new Option<bool>("--on") { Description = "A flag that defaults to true.", DefaultValueFactory = _ => true };
        var tags = new Option<string[]>("--tag") { Description = "Repeatable.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["a", "b"] };
        var pick = new Option<string>("--pick") { Description = "From a list.", Required = true };
        var blank = new Option<string>("--blank") { Description = "A default that is only a space.", DefaultValueFactory = _ => " " };
        pick.AcceptOnlyFromAmong("one", "two");
        var copy = new Command("copy", "Copy files.")
        {
            new Argument<string>("source") { Description = "From here." },
            new Argument<string[]>("targets") { Description = "To these.", Arity = ArgumentArity.ZeroOrMore },
            new Argument<string>("mode") { Description = "Optional, with a default.", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "fast", HelpName = "MODE" },
            color, level, on, tags, pick, blank,
        };
        copy.Aliases.Add("cp");
        var move = new Command("move", "Two defaults name their arguments.")
        {
            new Argument<int>("from") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => 1 },
            new Argument<int>("to") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => 9 },
        };
        var nested = new Command("nested", "Has a child.") { new Argument<string>("where") };
        nested.Subcommands.Add(new Command("child", "Below an argument of its parent.") { new Option<string>("--name") });
        root.Subcommands.Add(copy);
        root.Subcommands.Add(move);
        root.Subcommands.Add(nested);
        root.Subcommands.Add(new Command("hidden", "Not listed.") { Hidden = true });
        root.Subcommands.Add(new Command("bare"));
        root.Subcommands.Add(new Command("flagged", "A true flag as an argument.") { new Argument<bool>("really") { DefaultValueFactory = _ => true } });
        return root;
    }

    private static CliContext NewContext() => new()
    {
        In = new StringReader(string.Empty),
        Out = TextWriter.Null,
        Error = TextWriter.Null,
        GetEnvironmentVariable = _ => null,
        CurrentDirectory = Path.GetTempPath(),
        DaemonLauncher = new FakeDaemonLauncher(),
    };
}
