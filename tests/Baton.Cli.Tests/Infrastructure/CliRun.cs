namespace Baton.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of the CLI produced.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
