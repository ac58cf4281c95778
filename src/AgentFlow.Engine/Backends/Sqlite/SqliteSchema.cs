namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>The embedded task hub's tables. Messages and activities are queues; history is append-only per execution.</summary>
internal static class SqliteSchema
{
    public const int Version = 2;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS hub (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS lease (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS instances (
            instance_id TEXT PRIMARY KEY,
            execution_id TEXT,
            name TEXT NOT NULL,
            status INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            completed_at INTEGER,
            state TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS instances_by_status ON instances (status, created_at);
        CREATE INDEX IF NOT EXISTS instances_by_created ON instances (created_at);
        CREATE TABLE IF NOT EXISTS history (
            instance_id TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            seq INTEGER NOT NULL,  -- index of the first event of the step
            event TEXT NOT NULL,   -- the events one step appended, as a JSON array
            PRIMARY KEY (instance_id, execution_id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            visible_at INTEGER NOT NULL,
            message TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS messages_by_instance ON messages (instance_id);
        CREATE TABLE IF NOT EXISTS activities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            message TEXT NOT NULL);
        """;
}
