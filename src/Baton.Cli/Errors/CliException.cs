namespace Baton.Cli.Errors;

/// <summary>
/// An error the CLI itself detects (bad flags, unreadable text file, a daemon that will not start), with the exit
/// code the contract gives it. The message is shown as is, so it says what happened and what to do next.
/// </summary>
public sealed class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
