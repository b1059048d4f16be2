using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The commands run often on one connection, each kept with its statement compiled. Microsoft.Data.Sqlite keeps a
/// compiled statement only as long as its command object lives, and a command made per call had SQLite parse and
/// plan its SQL every time: under load that parsing was a third of the writer thread's work.
/// </summary>
/// <remarks>
/// Not thread-safe, like the connection it belongs to: only whoever holds the connection (the writer's thread, or
/// the holder of the read gate) may use it. A command handed out is shared: use it for one execution, do not dispose
/// it, and finish reading its results before asking for another.
/// </remarks>
internal sealed class PreparedStatements(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/>, with no parameters yet.</summary>
    public SqliteCommand For(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    /// <summary>Runs <paramref name="sql"/>, which takes no parameters.</summary>
    public void Execute(string sql) => For(sql).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
