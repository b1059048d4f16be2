using System.Text.Json;

namespace Baton.Protocol.Wire;

/// <summary>
/// Reads a <see cref="Receipt"/> with <see cref="Utf8JsonReader"/> alone, for the CLI's inject and message
/// commands: what <see cref="BatonJsonContext"/> reads from a daemon's receipt, without the serializer's
/// first-use cost (see <see cref="InjectRequestWriter"/>). A test holds the two equal on every field.
/// </summary>
/// <remarks>
/// Fields it does not know are skipped, as the contract lets a newer daemon add them. Anything else that is not a
/// receipt (a missing required field, a field of the wrong type, an enum word the contract does not have) throws
/// <see cref="JsonException"/> naming the field.
/// </remarks>
public static class ReceiptReader
{
    public static Receipt Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        reader.Read();
        var receipt = ReadReceipt(ref reader);

        // Anything after the object that is not white space makes the reader throw here.
        if (reader.Read())
        {
            throw new JsonException("Expected the end of the receipt after its closing brace.");
        }

        return receipt;
    }

    private static Receipt ReadReceipt(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "receipt");
        string? messageId = null, turnId = null, reply = null, hookName = null, fromSession = null, idempotencyKey = null, plan = null, text = null, waitingFor = null;
        MessageStatus? status = null, messageStatus = null;
        SessionInfo? session = null;
        DeliveryMode mode = default;
        var replayed = false;
        DateTimeOffset? acceptedAt = null, deliveredAt = null, completedAt = null;
        ReceiptError? error = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("messageId"u8))
            {
                messageId = RequiredString(ref reader, "messageId");
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                status = Enum(ref reader, WireNames.Statuses, "status");
            }
            else if (reader.ValueTextEquals("session"u8))
            {
                reader.Read();
                session = ReadSession(ref reader);
            }
            else if (reader.ValueTextEquals("mode"u8))
            {
                mode = Enum(ref reader, WireNames.Modes, "mode");
            }
            else if (reader.ValueTextEquals("turnId"u8))
            {
                turnId = String(ref reader, "turnId");
            }
            else if (reader.ValueTextEquals("reply"u8))
            {
                reply = String(ref reader, "reply");
            }
            else if (reader.ValueTextEquals("replayed"u8))
            {
                replayed = Boolean(ref reader, "replayed");
            }
            else if (reader.ValueTextEquals("hookName"u8))
            {
                hookName = String(ref reader, "hookName");
            }
            else if (reader.ValueTextEquals("fromSession"u8))
            {
                fromSession = String(ref reader, "fromSession");
            }
            else if (reader.ValueTextEquals("idempotencyKey"u8))
            {
                idempotencyKey = String(ref reader, "idempotencyKey");
            }
            else if (reader.ValueTextEquals("acceptedAt"u8))
            {
                acceptedAt = Time(ref reader, "acceptedAt");
            }
            else if (reader.ValueTextEquals("deliveredAt"u8))
            {
                deliveredAt = Time(ref reader, "deliveredAt");
            }
            else if (reader.ValueTextEquals("completedAt"u8))
            {
                completedAt = Time(ref reader, "completedAt");
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = ReadError(ref reader);
            }
            else if (reader.ValueTextEquals("messageStatus"u8))
            {
                messageStatus = NullableEnum(ref reader, WireNames.Statuses, "messageStatus");
            }
            else if (reader.ValueTextEquals("waitingFor"u8))
            {
                waitingFor = String(ref reader, "waitingFor");
            }
            else if (reader.ValueTextEquals("plan"u8))
            {
                plan = String(ref reader, "plan");
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                text = String(ref reader, "text");
            }
            else
            {
                reader.Skip();
            }
        }

        return new Receipt
        {
            MessageId = messageId ?? throw Missing("messageId", "receipt"),
            Status = status ?? throw Missing("status", "receipt"),
            Session = session ?? throw Missing("session", "receipt"),
            Mode = mode,
            TurnId = turnId,
            Reply = reply,
            Replayed = replayed,
            HookName = hookName,
            FromSession = fromSession,
            IdempotencyKey = idempotencyKey,
            AcceptedAt = acceptedAt,
            DeliveredAt = deliveredAt,
            CompletedAt = completedAt,
            Error = error,
            MessageStatus = messageStatus,
            WaitingFor = waitingFor,
            Plan = plan,
            Text = text,
        };
    }

    private static SessionInfo ReadSession(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "session");
        string? id = null, name = null, agent = null, cwd = null, waitingFor = null;
        SessionState state = default;
        DateTimeOffset? updatedAt = null;
        var queuedCount = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = RequiredString(ref reader, "session.id");
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = String(ref reader, "session.name");
            }
            else if (reader.ValueTextEquals("agent"u8))
            {
                agent = RequiredString(ref reader, "session.agent");
            }
            else if (reader.ValueTextEquals("state"u8))
            {
                state = Enum(ref reader, WireNames.States, "session.state");
            }
            else if (reader.ValueTextEquals("cwd"u8))
            {
                cwd = String(ref reader, "session.cwd");
            }
            else if (reader.ValueTextEquals("updatedAt"u8))
            {
                updatedAt = Time(ref reader, "session.updatedAt");
            }
            else if (reader.ValueTextEquals("queuedCount"u8))
            {
                reader.Read();
                queuedCount = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var count)
                    ? count
                    : throw WrongType("session.queuedCount", "a whole number", ref reader);
            }
            else if (reader.ValueTextEquals("waitingFor"u8))
            {
                waitingFor = String(ref reader, "session.waitingFor");
            }
            else
            {
                reader.Skip();
            }
        }

        return new SessionInfo
        {
            Id = id ?? throw Missing("id", "session"),
            Name = name,
            Agent = agent ?? throw Missing("agent", "session"),
            State = state,
            Cwd = cwd,
            UpdatedAt = updatedAt,
            QueuedCount = queuedCount,
            WaitingFor = waitingFor,
        };
    }

    private static ReceiptError? ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref reader, "error");
        string? code = null;
        string? message = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("code"u8))
            {
                code = String(ref reader, "error.code");
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                message = String(ref reader, "error.message");
            }
            else
            {
                reader.Skip();
            }
        }

        // As the serializer does for a record's constructor: a parameter left out is null.
        return new ReceiptError(code!, message!);
    }

    private static void ExpectObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected the {what} as a JSON object; got {JsonTokenText.Kind(reader.TokenType)}.");
        }
    }

    /// <summary>Moves to the next property's name, or returns false at the object's end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static string? String(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw WrongType(field, "a string", ref reader),
        };
    }

    private static string RequiredString(ref Utf8JsonReader reader, string field) =>
        String(ref reader, field) ?? throw new JsonException($"The receipt's {field} is null; it must be a string.");

    private static bool Boolean(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw WrongType(field, "true or false", ref reader),
        };
    }

    private static DateTimeOffset? Time(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var time)
            ? time
            : throw WrongType(field, "an ISO 8601 time", ref reader);
    }

    private static TEnum Enum<TEnum>(ref Utf8JsonReader reader, WireNameTable<TEnum> names, string field)
        where TEnum : struct, System.Enum
    {
        reader.Read();
        return EnumValue(ref reader, names, field);
    }

    private static TEnum? NullableEnum<TEnum>(ref Utf8JsonReader reader, WireNameTable<TEnum> names, string field)
        where TEnum : struct, System.Enum
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : EnumValue(ref reader, names, field);
    }

    private static TEnum EnumValue<TEnum>(ref Utf8JsonReader reader, WireNameTable<TEnum> names, string field)
        where TEnum : struct, System.Enum =>
        reader.TokenType == JsonTokenType.String && names.TryRead(ref reader, out var value)
            ? value
            : throw WrongType(field, "one of " + string.Join(", ", names.Names), ref reader);

    private static JsonException Missing(string field, string what) =>
        new($"The {what} has no '{field}', which every {what} has.");

    private static JsonException WrongType(string field, string expected, ref Utf8JsonReader reader) =>
        new($"Expected the receipt's {field} to be {expected}; got {JsonTokenText.Describe(ref reader)}.");
}
