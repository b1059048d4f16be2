namespace Baton.Daemon.Hosting;

/// <summary>Another daemon already serves this <c>BATON_HOME</c>; a live daemon is never displaced.</summary>
public sealed class DaemonAlreadyRunningException(string message) : Exception(message);
