namespace Baton.Storage.Sqlite;

/// <summary>
/// The schema as an ordered list of steps; <c>PRAGMA user_version</c> records how many have run, so a newer daemon
/// upgrades an older file in place and never runs a step twice. Steps are only ever appended: a file in a user's
/// BATON_HOME may stand at any earlier version, so editing a step that has shipped would leave it wrong for good.
/// </summary>
/// <remarks>
/// Timestamps are unix milliseconds (INTEGER): compact, ordered, and compared with plain arithmetic by the key
/// purge. Enums are stored under their wire names ('queue', 'dry-run') so the sqlite3 shell shows what a receipt
/// shows and renaming a C# member cannot reinterpret old rows.
/// </remarks>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: messages, in FIFO order by seq, and the sessions Baton has seen.
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

        // 2: idempotency keys and the audit log.
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

        // 3: an upsert counter for "most recently seen first". last_seen_at alone ties whenever two sessions are
        // seen within one millisecond (or under a frozen test clock) and misorders when the wall clock steps back.
        // Existing rows are numbered in their last_seen_at order, so the order they had is kept.
        """
        ALTER TABLE sessions ADD COLUMN seen_seq INTEGER NOT NULL DEFAULT 0;
        UPDATE sessions SET seen_seq = (
            SELECT COUNT(*) FROM sessions AS earlier
            WHERE earlier.last_seen_at < sessions.last_seen_at
               OR (earlier.last_seen_at = sessions.last_seen_at AND earlier.rowid <= sessions.rowid));
        CREATE INDEX sessions_by_seen ON sessions (seen_seq);
        """,

        // 4: who sent each message (issue 4: the caller's identity is stored with the message). Rows from before
        // this step have no caller: NULL, not a guess. The audit log is read newest first, filtered by session or
        // hook, so those get indexes too.
        """
        ALTER TABLE messages ADD COLUMN caller_uid INTEGER;
        ALTER TABLE messages ADD COLUMN caller_pid INTEGER;
        ALTER TABLE messages ADD COLUMN token_id TEXT;
        CREATE INDEX audit_by_session ON audit (session, at);
        CREATE INDEX audit_by_session_id ON audit (session_id, at);
        CREATE INDEX audit_by_hook ON audit (hook_name, at);
        """,

        // 5: tokens for callers that are not a session's owner. The secret is never stored, only its SHA-256
        // (secret_hash); the id is public. session_id is resolved when the token is made, so renaming a session
        // does not move a token to another one.
        """
        CREATE TABLE tokens (
            id            TEXT NOT NULL PRIMARY KEY,
            name          TEXT,
            agent         TEXT NOT NULL,
            session_id    TEXT NOT NULL,
            session_name  TEXT,
            scope         TEXT NOT NULL,
            created_at    INTEGER NOT NULL,
            expires_at    INTEGER,
            revoked_at    INTEGER,
            secret_hash   BLOB NOT NULL
        );
        """,

        // 6: the agent session a message says it comes from (an agent's own 'baton inject'), and its name then.
        """
        ALTER TABLE messages ADD COLUMN from_session TEXT;
        ALTER TABLE messages ADD COLUMN from_session_name TEXT;
        ALTER TABLE audit ADD COLUMN from_session TEXT;
        """,
    ];
}
