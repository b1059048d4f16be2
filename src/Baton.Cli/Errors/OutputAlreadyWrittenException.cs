namespace Baton.Cli.Errors;

/// <summary>
/// Wraps an error after the command already printed its one JSON object (a receipt that came with the error), so
/// the reporter adds the human text on standard error but no second object on standard output.
/// </summary>
internal sealed class OutputAlreadyWrittenException(Exception inner) : Exception(inner.Message, inner);
