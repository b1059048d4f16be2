namespace Baton.Daemon.Hosting;

/// <summary>When this daemon started, for <c>/v1/status</c>.</summary>
public sealed record DaemonClock(DateTimeOffset StartedAt);
