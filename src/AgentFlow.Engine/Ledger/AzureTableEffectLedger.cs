using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// The effect ledger in one Azure table, shared by every worker on every machine: a claim is an insert that fails when
/// the key's entity exists, and every later change is an update conditioned on the ETag that was read, so exactly one
/// caller acts for a key and no concurrent write is overwritten unseen.
/// </summary>
/// <remarks>
/// <para>One table holds the current entries, the operators' resolution history and, for keys that do not start with
/// their run id, a reference row in the run's partition. A key's partition is the part before its first '/' (the run id
/// for the engine's <c>runId/node/iteration</c> keys), so purging a run reads one partition; keys are encoded reversibly
/// because row keys may not hold '/', '\', '#', '?' or control characters. An operator's resolution writes its history
/// row and changes the entry in one entity-group transaction.</para>
/// <para>Results are stored as UTF-8 JSON in up to 11 binary chunks of 64 KiB (720,896 bytes), so a result may be at most
/// <see cref="MaxResultBytes"/> bytes; a larger one is refused with <see cref="ArgumentException"/> (and the claim stays
/// in doubt). Keys may be at most about 940 characters once encoded.</para>
/// </remarks>
public sealed partial class AzureTableEffectLedger : IEffectLedger
{
    /// <summary>The largest result, in bytes of UTF-8 JSON, that the ledger records.</summary>
    public const int MaxResultBytes = TableJsonChunks.MaxBytes;

    private static readonly JsonNode DefaultDoneResult = new JsonObject { ["resolved"] = "done" };

    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly Lock _createLock = new();
    private Task? _created;

    /// <summary>Uses <paramref name="table"/>, which is created on first use when missing.</summary>
    /// <param name="table">The ledger's table (all rows of this ledger; give it no other use).</param>
    /// <param name="timeProvider">The clock for the recorded times; the system clock when null.</param>
    public AzureTableEffectLedger(TableClient table, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The table's name.</summary>
    public string TableName => _table.Name;

    /// <inheritdoc />
    public async Task<LedgerEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var effect = await FindAsync(key, cancellationToken).ConfigureAwait(false);
        return effect is null ? null : AzureLedgerRows.ToEntry(effect);
    }

    /// <inheritdoc />
    public async Task<LedgerBegin> BeginAsync(string key, string tool, string runId, string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(node);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        if (AzureLedgerRows.Partition(key) != TableKeyEncoding.Encode(runId))
        {
            // Before the claim, so no entry of the run can exist that purging the run would not find.
            await _table.UpsertEntityAsync(AzureLedgerRows.NewRef(key, runId), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            var claim = AzureLedgerRows.NewEffect(key, tool, runId, node, Now());
            try
            {
                await _table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
                return LedgerBegin.Started(AzureLedgerRows.ToEntry(claim));
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Someone holds the key: see how it stands below.
            }

            var existing = await FindAsync(key, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue; // resolved "repeat" in between: claim it afresh
            }

            if (AzureLedgerRows.IsCompleted(existing))
            {
                return LedgerBegin.AlreadyCompleted(AzureLedgerRows.ToEntry(existing));
            }

            // Counting the attempts that found the claim tells an operator how often the run has been held up by it.
            var attempts = (existing.GetInt32(AzureLedgerRows.Attempts) ?? 1) + 1;
            var count = new TableEntity(existing.PartitionKey, existing.RowKey) { [AzureLedgerRows.Attempts] = attempts };
            try
            {
                await _table.UpdateEntityAsync(count, existing.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return LedgerBegin.InDoubt(AzureLedgerRows.ToEntry(existing));
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Changed since we read it (completed, resolved or counted by another caller): look again.
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No entry is recorded for <paramref name="key"/>.</exception>
    /// <exception cref="InvalidOperationException">An operator resolved the entry as done meanwhile; their result is kept.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> is larger than <see cref="MaxResultBytes"/>.</exception>
    public async Task CompleteAsync(string key, JsonNode? result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        while (true)
        {
            var existing = await FindAsync(key, cancellationToken).ConfigureAwait(false) ?? throw LedgerErrors.NotFound(key);
            if (AzureLedgerRows.ResolverOf(existing) is { } resolver)
            {
                throw LedgerErrors.ResolvedMeanwhile(key, resolver);
            }

            var completed = AzureLedgerRows.Completed(existing, Now(), result, resolvedBy: null);
            try
            {
                await _table.UpdateEntityAsync(completed, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Changed since we read it: a resolution must not be overwritten, an attempt count may; read again.
            }
        }
    }

    /// <inheritdoc />
    public async Task ResolveAsync(string key, LedgerResolution resolution, JsonNode? result, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        while (true)
        {
            var existing = await FindAsync(key, cancellationToken).ConfigureAwait(false) ?? throw LedgerErrors.NotFound(key);
            var at = Now();
            var change = resolution == LedgerResolution.Repeat
                ? new TableTransactionAction(TableTransactionActionType.Delete, existing, existing.ETag)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, AzureLedgerRows.Completed(existing, at, result ?? DefaultDoneResult, by), existing.ETag);
            try
            {
                // One transaction: the audit row exists exactly when the change was made.
                await _table.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.Add, AzureLedgerRows.NewHistory(existing, resolution, by, at)), change],
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
            {
                // The entry changed since we read it: decide on what it is now.
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(LedgerState? state, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = state is { } wanted
            ? TableClient.CreateQueryFilter($"Kind eq {AzureLedgerRows.EffectKind} and State eq {AzureLedgerRows.StateName(wanted)}")
            : TableClient.CreateQueryFilter($"Kind eq {AzureLedgerRows.EffectKind}");
        var entries = new List<LedgerEntry>();
        await foreach (var effect in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(AzureLedgerRows.ToEntry(effect));
        }

        return [.. entries.OrderBy(e => e.StartedAt).ThenBy(e => e.Key, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<int> PurgeRunsAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count == 0)
        {
            return 0;
        }

        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var runId in runIds.Distinct(StringComparer.Ordinal))
        {
            removed += await PurgeRunAsync(runId, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    private async Task<TableEntity?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(AzureLedgerRows.Partition(key), AzureLedgerRows.EffectRow(key), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;
}
