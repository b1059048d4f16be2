namespace Baton.Cli.Daemon;

/// <summary>
/// What a daemon process gets: its executable, and the homes it must use. The homes are passed explicitly because
/// the CLI's view of the environment (<see cref="CliContext.GetEnvironmentVariable"/>) is what counts, not the
/// process environment.
/// </summary>
/// <param name="Listen">The TLS listener (<c>tcp://HOST:PORT</c>) to open, passed as <c>BATON_LISTEN</c>; null leaves it to config.json.</param>
public sealed record DaemonLaunch(string ExecutablePath, string BatonHome, string? CodexHome, string LogPath, string? Listen = null);
