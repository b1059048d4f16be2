namespace Baton.Protocol;

public sealed record ReceiptError(string Code, string Message);
