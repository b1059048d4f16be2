namespace Baton.Tests.Infrastructure;

/// <summary>What a user sees after running the CLI: exit code, standard output, standard error.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
