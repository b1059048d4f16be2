using System.CommandLine;

namespace Baton.Cli.Commands.Daemon;

/// <summary><c>baton daemon</c>: groups start, stop, status and run.</summary>
internal static class DaemonCommand
{
    public static Command Create(CliContext context) => new(
        "daemon",
        "Manage the Baton daemon. Commands that need it start it on their own; these are for checking and stopping it.")
    {
        DaemonStartCommand.Create(context),
        DaemonStopCommand.Create(context),
        DaemonStatusCommand.Create(context),
        DaemonRunCommand.Create(context),
    };
}
