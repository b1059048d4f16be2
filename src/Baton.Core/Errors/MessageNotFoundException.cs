using Baton.Protocol;

namespace Baton.Core.Errors;

public sealed class MessageNotFoundException(string messageId)
    : BatonException(ErrorCodes.MessageNotFound, $"No message with id '{messageId}'. Message ids look like 'msg_…' and are printed by 'baton inject'.");
