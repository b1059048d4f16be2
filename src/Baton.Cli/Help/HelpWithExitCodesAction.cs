using System.CommandLine;
using System.CommandLine.Invocation;

namespace Baton.Cli.Help;

/// <summary>
/// The command's help (<see cref="HelpWriter"/>), followed by the contract's exit codes for the commands whose exit
/// code scripts branch on.
/// </summary>
internal sealed class HelpWithExitCodesAction(Func<int> width) : SynchronousCommandLineAction
{
    private const string ExitCodeTable =
        """
        Exit codes:
          0    done: delivered, completed with --wait, held, skipped, or a dry run that would succeed
          1    internal error (a bug)
          2    usage error: bad flags, empty or invalid text
          3    session not found, ambiguous name, or unknown message id
          4    session not live and no --resume/--hold/--create-if-missing
          5    refused (caller, owner, token, policy, size or rate limit)
          6    idempotency conflict: the key was used with another message or session
          7    with --wait: the turn failed or was interrupted
          8    the agent or the Baton daemon could not be reached
          124  --timeout ran out (the message is not withdrawn)

        """;

    public override int Invoke(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var output = parseResult.InvocationConfiguration.Output;
        HelpWriter.Write(command, output, width());
        if (command == parseResult.RootCommandResult.Command || command.Name is "inject" or "message")
        {
            output.Write(ExitCodeTable);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The <c>--help</c> option, on every command. Not System.CommandLine's <c>HelpOption</c>: its constructor reads its
    /// description from the library's resources, and loading those cost every run of the CLI, --help or not, about
    /// 0.2 ms (0.9 ms on a machine whose page faults are dear; issue 6). <paramref name="width"/> is asked only
    /// when help is shown: the terminal's width, or no limit when the output is not a terminal.
    /// </summary>
    public static Option<bool> CreateOption(Func<int> width) => new("--help", "-h", "/h", "-?", "/?")
    {
        Description = "Show help and usage information",
        Arity = ArgumentArity.Zero,
        Recursive = true,
        Action = new HelpWithExitCodesAction(width),
    };
}
