using Baton.Core.Security;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>Tokens (schema step 5): public id, session, scope, times, and the SHA-256 of the secret, never the secret.</summary>
public sealed partial class SqliteMessageStore : ITokenStore
{
    private const string TokenColumns = "id, name, agent, session_id, session_name, scope, created_at, expires_at, revoked_at, secret_hash";

    public Task InsertTokenAsync(StoredToken token, CancellationToken cancellationToken) => WriteAsync(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO tokens ({TokenColumns}) VALUES ($id, $name, $agent, $session_id, $session_name, $scope, $created_at, $expires_at, $revoked_at, $secret_hash)";
        command.Parameters.AddWithValue("$id", token.Id);
        command.Parameters.AddWithValue("$name", (object?)token.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$agent", token.Agent);
        command.Parameters.AddWithValue("$session_id", token.SessionId);
        command.Parameters.AddWithValue("$session_name", (object?)token.SessionName ?? DBNull.Value);
        command.Parameters.AddWithValue("$scope", TokenService.ScopeName(token.Scope));
        command.Parameters.AddWithValue("$created_at", token.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expires_at", (object?)token.ExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$revoked_at", (object?)token.RevokedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$secret_hash", token.SecretHash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    public Task<StoredToken?> GetTokenAsync(string id, CancellationToken cancellationToken) => ReadAsync(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TokenColumns} FROM tokens WHERE id=$id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadToken(reader) : null;
    }, cancellationToken);

    public Task<IReadOnlyList<StoredToken>> ListTokensAsync(CancellationToken cancellationToken) => ReadAsync(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TokenColumns} FROM tokens ORDER BY created_at DESC, id";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<StoredToken>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(ReadToken(reader));
        }

        return (IReadOnlyList<StoredToken>)tokens;
    }, cancellationToken);

    public Task<bool> RevokeTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) => WriteAsync(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $at) WHERE id=$id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }, cancellationToken);

    private static StoredToken ReadToken(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.IsDBNull(1) ? null : reader.GetString(1),
        Agent = reader.GetString(2),
        SessionId = reader.GetString(3),
        SessionName = reader.IsDBNull(4) ? null : reader.GetString(4),
        Scope = reader.GetString(5) == "read" ? TokenScope.Read : TokenScope.Inject,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        ExpiresAt = reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        RevokedAt = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        SecretHash = (byte[])reader.GetValue(9),
    };
}
