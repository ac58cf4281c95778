using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// The rows of the <see cref="AzureTableEffectLedger"/>'s table. A key's partition is the encoded part of the key before
/// its first '/' (the run id for the engine's <c>runId/node/iteration</c> keys), so a key's rows are found from the key
/// alone and a run's rows are one partition. Row kinds (property <c>Kind</c>):
/// <list type="bullet">
/// <item><c>effect</c>: RowKey <c>effect-{key}</c>, the current entry;</item>
/// <item><c>history</c>: RowKey <c>history-{key}!!{ticks}!!{guid}</c>, an operator's resolution with the entry as it was (never purged);</item>
/// <item><c>ref</c>: RowKey <c>ref-{key}</c> in the run's partition, written when a key does not start with its run id, so purging a run still finds it.</item>
/// </list>
/// </summary>
internal static class AzureLedgerRows
{
    public const string EffectKind = "effect";
    public const string HistoryKind = "history";
    public const string RefKind = "ref";
    public const string Kind = "Kind";
    public const string Key = "Key";
    public const string RunId = "RunId";
    public const string Attempts = "Attempts";

    private const string Tool = "Tool";
    private const string Node = "Node";
    private const string State = "State";
    private const string StartedAt = "StartedAt";
    private const string CompletedAt = "CompletedAt";
    private const string ResolvedBy = "ResolvedBy";
    private const string EffectPrefix = "effect-";

    // Keys and partitions are at most 1 KiB of characters; the longest prefix plus separators and ticks must fit.
    private const int MaxEncodedKey = 1024 - 80;

    public static string StateName(LedgerState state) => state == LedgerState.Completed ? "completed" : "started";

    /// <summary>The partition of <paramref name="key"/>'s rows.</summary>
    public static string Partition(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return TableKeyEncoding.Encode(slash < 0 ? key : key[..slash]);
    }

    /// <summary>The encoded key, checked against the service's key length.</summary>
    public static string EncodeKey(string key)
    {
        var encoded = TableKeyEncoding.Encode(key);
        return encoded.Length <= MaxEncodedKey
            ? encoded
            : throw new ArgumentException($"the effect key '{key[..Math.Min(key.Length, 80)]}...' is {encoded.Length} characters once encoded for a table row key; the Azure table effect ledger takes at most {MaxEncodedKey}: shorten the run or node id", nameof(key));
    }

    public static string EffectRow(string key) => EffectPrefix + EncodeKey(key);

    public static TableEntity NewEffect(string key, string tool, string runId, string node, DateTime at)
    {
        var effect = new TableEntity(Partition(key), EffectRow(key))
        {
            [Kind] = EffectKind,
            [Tool] = tool,
            [RunId] = runId,
            [Node] = node,
            [State] = StateName(LedgerState.Started),
            [Attempts] = 1,
            [StartedAt] = Format(at),
        };
        TableJsonChunks.Write(effect, null, key);
        return effect;
    }

    public static TableEntity NewRef(string key, string runId) => new(TableKeyEncoding.Encode(runId), "ref-" + EncodeKey(key))
    {
        [Kind] = RefKind,
        [Key] = key,
        [RunId] = runId,
    };

    /// <summary>A copy of <paramref name="effect"/> completed at <paramref name="at"/> with <paramref name="result"/>.</summary>
    public static TableEntity Completed(TableEntity effect, DateTime at, JsonNode? result, string? resolvedBy)
    {
        var completed = new TableEntity(effect.PartitionKey, effect.RowKey)
        {
            [Kind] = EffectKind,
            [Tool] = effect[Tool],
            [RunId] = effect[RunId],
            [Node] = effect[Node],
            [State] = StateName(LedgerState.Completed),
            [Attempts] = effect[Attempts],
            [StartedAt] = effect[StartedAt],
            [CompletedAt] = Format(at),
        };
        if (resolvedBy is not null)
        {
            completed[ResolvedBy] = resolvedBy;
        }

        TableJsonChunks.Write(completed, result, KeyOf(effect));
        return completed;
    }

    /// <summary>The audit row of an operator's <paramref name="resolution"/> of <paramref name="effect"/>.</summary>
    public static TableEntity NewHistory(TableEntity effect, LedgerResolution resolution, string by, DateTime at)
    {
        var key = KeyOf(effect);
        var history = new TableEntity(effect.PartitionKey, $"history-{EncodeKey(key)}!!{at.Ticks:D19}!!{Guid.NewGuid():N}")
        {
            [Kind] = HistoryKind,
            [Key] = key,
            ["Resolution"] = resolution == LedgerResolution.Repeat ? "repeat" : "done",
            ["Resolver"] = by,
            ["ResolvedAt"] = Format(at),
        };
        foreach (var name in new[] { Tool, RunId, Node, State, Attempts, StartedAt, CompletedAt, ResolvedBy })
        {
            if (effect.TryGetValue(name, out var value) && value is not null)
            {
                history[name] = value;
            }
        }

        TableJsonChunks.Copy(effect, history);
        return history;
    }

    /// <summary>The key of an effect row.</summary>
    public static string KeyOf(TableEntity effect) => TableKeyEncoding.Decode(effect.RowKey[EffectPrefix.Length..]);

    public static bool IsCompleted(TableEntity effect) => effect.GetString(State) == StateName(LedgerState.Completed);

    public static string? ResolverOf(TableEntity effect) => effect.GetString(ResolvedBy);

    public static LedgerEntry ToEntry(TableEntity effect) => new(
        KeyOf(effect),
        effect.GetString(Tool),
        effect.GetString(RunId),
        effect.GetString(Node),
        IsCompleted(effect) ? LedgerState.Completed : LedgerState.Started,
        Parse(effect.GetString(StartedAt)),
        effect.GetString(CompletedAt) is { } completedAt ? Parse(completedAt) : null,
        TableJsonChunks.Read(effect),
        ResolverOf(effect));

    // Round-trip text: exact to the tick (the service's DateTime is not on every emulator) and sorts chronologically.
    private static string Format(DateTime value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime Parse(string value) => DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
