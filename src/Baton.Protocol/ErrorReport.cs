namespace Baton.Protocol;

/// <summary>
/// What <c>--json</c> prints on standard output when a command fails before there is a receipt to print, so a
/// script that parses standard output always gets one JSON object: the error's stable code, its message, and the
/// exit code the process ends with.
/// </summary>
public sealed record ErrorReport(ReceiptError Error, int ExitCode);
