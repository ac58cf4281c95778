using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// Records side effects by idempotency key so that a risky tool acts at most once although activities run at least
/// once (retries, replays, a crash between the effect and the activity's commit).
/// </summary>
public interface IEffectLedger
{
    /// <summary>The entry for <paramref name="key"/>, or null when none is recorded.</summary>
    Task<LedgerEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically claims <paramref name="key"/>: records a started entry when there is none, otherwise reports the
    /// existing entry as already completed or in doubt. Only one concurrent caller (in any process) gets
    /// <see cref="LedgerBeginState.Started"/>.
    /// </summary>
    Task<LedgerBegin> BeginAsync(string key, string tool, string runId, string node, CancellationToken cancellationToken = default);

    /// <summary>Marks the started entry for <paramref name="key"/> completed with <paramref name="result"/>.</summary>
    /// <exception cref="KeyNotFoundException">No entry is recorded for <paramref name="key"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// An operator resolved the entry as done meanwhile: their result is kept, not overwritten.
    /// </exception>
    Task CompleteAsync(string key, JsonNode? result, CancellationToken cancellationToken = default);

    /// <summary>
    /// An operator's decision on the entry for <paramref name="key"/>: <see cref="LedgerResolution.Repeat"/> removes it,
    /// <see cref="LedgerResolution.Done"/> completes it with <paramref name="result"/> (<c>{"resolved":"done"}</c> when
    /// null). Both are kept in an audit history naming <paramref name="by"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No entry is recorded for <paramref name="key"/>.</exception>
    Task ResolveAsync(string key, LedgerResolution resolution, JsonNode? result, string by, CancellationToken cancellationToken = default);

    /// <summary>The entries in <paramref name="state"/> (all when null), oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> ListAsync(LedgerState? state, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the entries of <paramref name="runIds"/> (runs that were purged: finished, their history gone) and
    /// returns how many were removed. Entries of other runs are never touched.
    /// </summary>
    Task<int> PurgeRunsAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken = default);
}
