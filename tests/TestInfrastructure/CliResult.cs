namespace Baton.Tests.Infrastructure;

/// <summary>What a user sees after running the CLI: exit code, standard output, standard error.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>The CLI process's id: what the daemon's peer check saw, and what the audit log names.</summary>
    public int Pid { get; init; }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
