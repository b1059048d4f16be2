using System.Text.Json.Serialization;

namespace Baton.Protocol;

/// <summary>The one source-generated serializer for every wire record, so neither side needs reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(InjectRequest))]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(SessionList))]
[JsonSerializable(typeof(SessionDetail))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(ErrorReport))]
[JsonSerializable(typeof(DaemonStatus))]
[JsonSerializable(typeof(SessionEvent))]
[JsonSerializable(typeof(SessionState))]
[JsonSerializable(typeof(AuditEntryList))]
[JsonSerializable(typeof(TokenCreateRequest))]
[JsonSerializable(typeof(TokenCreated))]
[JsonSerializable(typeof(TokenList))]
[JsonSerializable(typeof(TokenInfo))]
public sealed partial class BatonJsonContext : JsonSerializerContext;
