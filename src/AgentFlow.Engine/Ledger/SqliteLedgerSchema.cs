namespace AgentFlow.Engine.Ledger;

/// <summary>The ledger's tables: current effects by key, and an append-only audit of operator resolutions.</summary>
internal static class SqliteLedgerSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS effects (
            key TEXT PRIMARY KEY,
            tool TEXT NOT NULL,
            run_id TEXT NOT NULL,
            node TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('started', 'completed')),
            attempts INTEGER NOT NULL,   -- begins that found this key, the first included
            started_at TEXT NOT NULL,    -- ISO 8601 UTC
            completed_at TEXT,
            result TEXT,                 -- JSON
            resolved_by TEXT) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS effects_by_state ON effects (state, started_at);
        CREATE TABLE IF NOT EXISTS effect_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL,
            resolution TEXT NOT NULL,    -- repeat | done
            resolved_by TEXT NOT NULL,
            resolved_at TEXT NOT NULL,
            entry TEXT NOT NULL);        -- the effects row before the resolution, as a JSON object
        CREATE INDEX IF NOT EXISTS effect_history_by_key ON effect_history (key);
        """;
}
