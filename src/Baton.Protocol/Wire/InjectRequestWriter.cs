using System.Buffers;
using System.Text.Json;

namespace Baton.Protocol.Wire;

/// <summary>
/// Writes an <see cref="InjectRequest"/> body with <see cref="Utf8JsonWriter"/> alone: the same fields in the same
/// order as <see cref="BatonJsonContext"/> writes (a test holds the two equal, field by field), without the
/// serializer, and with text as itself in UTF-8 where the serializer escapes everything outside ASCII
/// (<see cref="MinimalJsonEscaping"/>).
/// </summary>
/// <remarks>
/// The CLI is a new process for every inject, so the serializer's first use is paid every time: building the
/// type's metadata reads attributes by reflection under NativeAOT and allocates a few hundred kilobytes, about
/// 0.6 ms of a 4 ms client on one machine and 2 ms on another whose page faults are dear (issue 6).
/// </remarks>
public static class InjectRequestWriter
{
    public static byte[] Write(InjectRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (request.Text.Length * 2));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = MinimalJsonEscaping.Instance }))
        {
            writer.WriteStartObject();
            writer.WriteString("text"u8, request.Text);
            writer.WriteString("mode"u8, WireNames.Modes.EncodedNameOf(request.Mode));
            writer.WriteBoolean("wait"u8, request.Wait);
            if (request.TimeoutMs is { } timeoutMs)
            {
                writer.WriteNumber("timeoutMs"u8, timeoutMs);
            }

            writer.WriteBoolean("resume"u8, request.Resume);
            writer.WriteBoolean("hold"u8, request.Hold);
            writer.WriteBoolean("createIfMissing"u8, request.CreateIfMissing);
            writer.WriteBoolean("ifRunning"u8, request.IfRunning);
            writer.WriteBoolean("dryRun"u8, request.DryRun);
            WriteIfSet(writer, "idempotencyKey"u8, request.IdempotencyKey);
            WriteIfSet(writer, "requestId"u8, request.RequestId);
            WriteIfSet(writer, "hookName"u8, request.HookName);
            WriteIfSet(writer, "fromSession"u8, request.FromSession);
            WriteIfSet(writer, "agent"u8, request.Agent);
            WriteIfSet(writer, "cwd"u8, request.Cwd);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Leaves a null out, as the serializer's <c>WhenWritingNull</c> does.</summary>
    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
