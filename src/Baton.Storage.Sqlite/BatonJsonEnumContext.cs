using System.Text.Json.Serialization;
using Baton.Protocol;

namespace Baton.Storage.Sqlite;

[JsonSerializable(typeof(DeliveryMode))]
[JsonSerializable(typeof(MessageStatus))]
[JsonSerializable(typeof(SessionState))]
internal sealed partial class BatonJsonEnumContext : JsonSerializerContext;
