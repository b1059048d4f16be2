using System.Runtime.Versioning;

// The stand-in daemon listens on a Unix socket and the launcher tests run /bin/sh scripts.
[assembly: UnsupportedOSPlatform("windows")]
