using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>Plain SQLite access to a database file, bypassing the store, to check what it wrote.</summary>
internal static class RawDatabase
{
    public static async Task<SqliteConnection> OpenAsync(string path)
    {
        // Unpooled, so disposing really closes the file and the test's temp folder can go.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
