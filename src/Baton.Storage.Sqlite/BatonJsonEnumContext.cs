using System.Text.Json.Serialization;
using Baton.Protocol;

namespace Baton.Storage.Sqlite;

/// <summary>Source-generated metadata for the enums the store writes as text (see <see cref="WireNames"/>), so no reflection is needed.</summary>
[JsonSerializable(typeof(DeliveryMode))]
[JsonSerializable(typeof(MessageStatus))]
[JsonSerializable(typeof(SessionState))]
[JsonSerializable(typeof(string))]
internal sealed partial class BatonJsonEnumContext : JsonSerializerContext;
