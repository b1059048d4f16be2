using Baton.Protocol;

namespace Baton.Cli.Daemon;

/// <summary>The daemon that answers, and whether it was already running before this call.</summary>
internal sealed record DaemonStartResult(DaemonStatus Status, bool WasAlreadyRunning);
