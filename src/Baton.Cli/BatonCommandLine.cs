using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Baton.Cli.Commands;
using Baton.Cli.Commands.Daemon;
using Baton.Cli.Commands.Token;
using Baton.Cli.Errors;
using Baton.Cli.Help;

namespace Baton.Cli;

/// <summary>
/// The whole command line: builds the command tree, turns parse errors into exit 2 and every exception into
/// its exit code (through <see cref="ErrorReporter"/>). <c>Program</c> only calls <see cref="RunAsync"/>.
/// </summary>
public static class BatonCommandLine
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var globals = new GlobalOptions();
        var parse = CreateRootCommand(context, globals).Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            ReportParseErrors(parse, context);
            return ExitCodes.Usage;
        }

        try
        {
            context.Target = globals.Resolve(parse, context);
        }
        catch (CliException exception)
        {
            return ErrorReporter.Report(exception, context);
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = context.HandlesTerminationSignals ? TimeSpan.FromSeconds(2) : null,
        };

        try
        {
            // --help, --version and the other synchronous actions run on this thread: the asynchronous pipeline
            // would start the thread pool and a signal-handling thread, several milliseconds of a --help that
            // never waits for anything.
            return parse.Action is SynchronousCommandLineAction
                ? parse.Invoke(invocation)
                : await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception exception)
        {
            return ErrorReporter.Report(exception, context, asJson: AsksForJson(parse));
        }
        finally
        {
            // Synchronous on purpose: Stream.FlushAsync of a console stream queues the flush to the thread pool.
            context.Out.Flush();
            context.Error.Flush();
        }
    }

    private static bool AsksForJson(ParseResult parse) =>
        parse.CommandResult.Children.OfType<OptionResult>().Any(option => option.Option.Name == "--json" && option.GetValueOrDefault<bool>());

    /// <remarks>
    /// A plain <see cref="Command"/> named <c>baton</c>, not System.CommandLine's <c>RootCommand</c>, whose constructor
    /// adds its own help and version options (see <see cref="HelpWithExitCodesAction.CreateOption"/>).
    /// </remarks>
    internal static Command CreateRootCommand(CliContext context, GlobalOptions? globals = null)
    {
        var root = new Command(
            "baton",
            "Baton sends prompts into live coding-agent sessions (Codex) from scripts, CI jobs and other agents.\n"
            + "The daemon that does the work starts on its own when a command needs it.")
        {
            InjectCommand.Create(context),
            SessionsCommand.Create(context),
            ShowCommand.Create(context),
            MessageCommand.Create(context),
            WatchCommand.Create(context),
            LogCommand.Create(context),
            DaemonCommand.Create(context),
            TokenCommand.Create(context),
            DemoCommand.Create(context),
        };
        foreach (var option in (globals ?? new GlobalOptions()).All)
        {
            root.Options.Add(option);
        }

        root.Options.Add(HelpWithExitCodesAction.CreateOption(context.HelpWidth));
        root.Options.Add(VersionAction.CreateOption());
        return root;
    }

    private static void ReportParseErrors(ParseResult parse, CliContext context)
    {
        foreach (var error in parse.Errors)
        {
            ErrorReporter.Write(context.Error, error.Message);
        }

        var path = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult { Parent: not null } command; result = command.Parent)
        {
            path.Insert(0, command.Command.Name);
        }

        context.Error.Write($"Run 'baton {string.Join(' ', path.Append("--help"))}' for usage.\n");
        context.Error.Flush();
    }
}
