namespace Baton.EndToEnd.Tests;

/// <summary>
/// One hostile request and what a user must see: the status, the problem+json code (null where Kestrel itself
/// answers before any of Baton runs, with a bare status), and a phrase of the detail that names the problem.
/// </summary>
internal sealed record HostileHttpCase(string Name, Func<byte[]> Request, int Status, string? Code, string? Mentions, bool HalfClose = false);
