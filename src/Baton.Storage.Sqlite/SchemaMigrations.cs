namespace Baton.Storage.Sqlite;

/// <summary>
/// The schema as an ordered list of steps; <c>PRAGMA user_version</c> records how many have run, so a newer daemon
/// upgrades an older file in place and never runs a step twice.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE messages (
            seq              INTEGER PRIMARY KEY AUTOINCREMENT,
            id               TEXT NOT NULL UNIQUE,
            agent            TEXT NOT NULL,
            session_id       TEXT NOT NULL,
            session_name     TEXT,
            text             TEXT NOT NULL,
            mode             TEXT NOT NULL,
            status           TEXT NOT NULL,
            turn_id          TEXT,
            reply            TEXT,
            error_code       TEXT,
            error_message    TEXT,
            hook_name        TEXT,
            idempotency_key  TEXT,
            accepted_at      INTEGER NOT NULL,
            delivered_at     INTEGER,
            completed_at     INTEGER
        );
        CREATE INDEX messages_by_session ON messages (agent, session_id, seq);
        CREATE INDEX messages_unfinished ON messages (status) WHERE status IN ('queued', 'held', 'delivered');
        CREATE TABLE sessions (
            agent          TEXT NOT NULL,
            id             TEXT NOT NULL,
            name           TEXT,
            state          TEXT NOT NULL,
            cwd            TEXT,
            updated_at     INTEGER,
            first_seen_at  INTEGER NOT NULL,
            last_seen_at   INTEGER NOT NULL,
            PRIMARY KEY (agent, id)
        );
        """,
        """
        CREATE TABLE idempotency_keys (
            key          TEXT NOT NULL PRIMARY KEY,
            message_id   TEXT NOT NULL,
            created_at   INTEGER NOT NULL
        );
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
        CREATE TABLE audit (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            at               INTEGER NOT NULL,
            action           TEXT NOT NULL,
            caller_uid       INTEGER,
            caller_pid       INTEGER,
            token_id         TEXT,
            session          TEXT,
            session_id       TEXT,
            agent            TEXT,
            mode             TEXT,
            hook_name        TEXT,
            idempotency_key  TEXT,
            message_id       TEXT,
            outcome          TEXT NOT NULL,
            error_code       TEXT,
            error_message    TEXT
        );
        CREATE INDEX audit_by_time ON audit (at);
        """,
    ];
}
