using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>A scratch folder with a data dir and, beside it (not inside), the audit key; deleted afterwards.</summary>
public sealed class AuditTestFolder : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("agentflow-audit-").FullName;

    public string Data => Path.Combine(_root, "data");

    public string KeyFile => Path.Combine(_root, "keys", "audit.key");

    public string LogPath => Path.Combine(Data, "audit.jsonl");

    public string HeadPath => Path.Combine(Data, "audit-head.db");

    public AuditLogOptions Options => new() { KeyFile = KeyFile };

    public AuditLog NewLog() => new(Data, Options);

    /// <summary>Appends <paramref name="count"/> decisions and returns the log's lines.</summary>
    public async Task<List<string>> DecisionsAsync(int count, string run = "run")
    {
        var log = NewLog();
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(new AuditEntry(AuditKinds.Decision, run, "review", "ana", "approved", $"c{i}", new JsonObject { ["subject"] = $"s{i}" }), CancellationToken.None);
        }

        return [.. await File.ReadAllLinesAsync(LogPath)];
    }

    /// <summary>Writes records the way the log did before keys: no keyId, no mac, same hash chain.</summary>
    public async Task WriteUnkeyedAsync(int count)
    {
        Directory.CreateDirectory(Data);
        var previous = AuditLog.GenesisHash;
        var lines = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var record = new JsonObject
            {
                ["sequence"] = i,
                ["time"] = "2025-01-02T03:04:05Z",
                ["kind"] = "decision",
                ["runId"] = "old",
                ["node"] = "review",
                ["operator"] = "ana",
                ["decision"] = "approved",
                ["previousHash"] = previous,
            };
            record["hash"] = previous = AuditLog.HashOf(record);
            lines.Add(record.ToJsonString());
        }

        await RewriteAsync(lines);
    }

    public Task RewriteAsync(IEnumerable<string> lines) => File.WriteAllTextAsync(LogPath, string.Concat(lines.Select(l => l + "\n")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
