namespace Baton.EndToEnd.Tests;

/// <summary>
/// One hostile <c>baton inject</c>: the arguments after <c>inject</c> (<c>{file}</c> stands for a temp file holding
/// <see cref="FileBytes"/>), the bytes on stdin, and what the user must see: the exit code and a phrase of stderr.
/// </summary>
internal sealed record HostileCliCase(string Name, string[] Args, int ExitCode, string Mentions, byte[]? FileBytes = null, byte[]? Stdin = null);
