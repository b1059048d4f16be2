using Baton.Core.Messages;
using Baton.Protocol.Wire;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Maps <see cref="StoredMessage"/> to the messages table and back. The SELECT column order is the one in
/// <c>SqliteMessageStore.MessageColumns</c>; the parameter names are the column names with a '$'.
/// </summary>
internal static class MessageRows
{
    public static void Bind(SqliteCommand command, StoredMessage message)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", message.Id);
        p.AddWithValue("$agent", message.Agent);
        p.AddWithValue("$session_id", message.SessionId);
        p.AddWithValue("$session_name", (object?)message.SessionName ?? DBNull.Value);
        p.AddWithValue("$text", message.Text);
        p.AddWithValue("$mode", WireNames.Of(message.Mode));
        p.AddWithValue("$status", WireNames.Of(message.Status));
        p.AddWithValue("$turn_id", (object?)message.TurnId ?? DBNull.Value);
        p.AddWithValue("$reply", (object?)message.Reply ?? DBNull.Value);
        p.AddWithValue("$error_code", (object?)message.ErrorCode ?? DBNull.Value);
        p.AddWithValue("$error_message", (object?)message.ErrorMessage ?? DBNull.Value);
        p.AddWithValue("$hook_name", (object?)message.HookName ?? DBNull.Value);
        p.AddWithValue("$idempotency_key", (object?)message.IdempotencyKey ?? DBNull.Value);
        p.AddWithValue("$accepted_at", message.AcceptedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$delivered_at", ToDb(message.DeliveredAt));
        p.AddWithValue("$completed_at", ToDb(message.CompletedAt));
        p.AddWithValue("$caller_uid", ToDb(message.CallerUid));
        p.AddWithValue("$caller_pid", ToDb(message.CallerPid));
        p.AddWithValue("$token_id", (object?)message.TokenId ?? DBNull.Value);
        p.AddWithValue("$from_session", (object?)message.FromSession ?? DBNull.Value);
        p.AddWithValue("$from_session_name", (object?)message.FromSessionName ?? DBNull.Value);
    }

    public static async Task<List<StoredMessage>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<StoredMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new StoredMessage
            {
                Id = reader.GetString(0),
                Agent = reader.GetString(1),
                SessionId = reader.GetString(2),
                SessionName = OptionalText(reader, 3),
                Text = reader.GetString(4),
                Mode = StoredEnumText.ToMode(reader.GetString(5)),
                Status = StoredEnumText.ToStatus(reader.GetString(6)),
                TurnId = OptionalText(reader, 7),
                Reply = OptionalText(reader, 8),
                ErrorCode = OptionalText(reader, 9),
                ErrorMessage = OptionalText(reader, 10),
                HookName = OptionalText(reader, 11),
                IdempotencyKey = OptionalText(reader, 12),
                AcceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                DeliveredAt = OptionalTime(reader, 14),
                CompletedAt = OptionalTime(reader, 15),
                CallerUid = OptionalInt(reader, 16),
                CallerPid = OptionalInt(reader, 17),
                TokenId = OptionalText(reader, 18),
                FromSession = OptionalText(reader, 19),
                FromSessionName = OptionalText(reader, 20),
            });
        }

        return messages;
    }

    public static object ToDb(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static string? OptionalText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? OptionalInt(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static object ToDb(int? value) => value is { } v ? v : DBNull.Value;

    public static DateTimeOffset? OptionalTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
