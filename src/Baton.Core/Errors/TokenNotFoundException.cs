using Baton.Protocol;

namespace Baton.Core.Errors;

public sealed class TokenNotFoundException(string tokenId)
    : BatonException(ErrorCodes.TokenNotFound, $"No token with id '{tokenId}'. Token ids look like 'tok_' and 16 hex digits; 'baton token list' shows them.");
