using System.Text.Json;

namespace Baton.Daemon.Api;

/// <summary>
/// A <see cref="JsonException"/>'s message with where in the document it happened: the serializer appends the path
/// to its own messages but not to a converter's (<c>Expected one of queue, steer, interrupt; got 'mood'.</c>).
/// </summary>
internal static class JsonErrorText
{
    public static string Of(JsonException exception) =>
        exception.Path is { Length: > 0 } path && !exception.Message.Contains(path, StringComparison.Ordinal)
            ? $"{exception.Message} (at {path})"
            : exception.Message;
}
