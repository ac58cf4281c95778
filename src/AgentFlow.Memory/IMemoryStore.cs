using System.Text.Json.Nodes;

namespace AgentFlow.Memory;

/// <summary>
/// Persists agent memories and finds the most similar ones. Every operation is scoped to one agent namespace,
/// matched exactly. Records whose <see cref="MemoryRecord.ExpiresAt"/> is at or before "now" are never returned.
/// </summary>
public interface IMemoryStore
{
    /// <summary>Stores <paramref name="record"/> unless a record with its id exists (then nothing changes); returns the id.</summary>
    Task<string> AddAsync(MemoryRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns at most <paramref name="k"/> memories of <paramref name="agent"/> by descending score, where
    /// score = (1 - w) * cosine + w * exp(-ageDays / 30) with w = <paramref name="recencyWeight"/> (0..1) and ageDays
    /// the record's age at <paramref name="now"/>: a memory's recency is 1 when new and halves about every 21 days.
    /// Hits scoring below <paramref name="minScore"/> (after blending) are dropped; ties go to the newer record,
    /// then to the smaller id (ordinal).
    /// </summary>
    Task<IReadOnlyList<MemoryHit>> SearchAsync(
        string agent, float[] query, int k, double minScore, double recencyWeight, DateTime now, CancellationToken cancellationToken = default);

    /// <summary>Returns up to <paramref name="limit"/> unexpired memories of <paramref name="agent"/>, newest first.</summary>
    Task<IReadOnlyList<MemoryRecord>> ListAsync(string agent, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes memories of <paramref name="agent"/>: the one with <paramref name="id"/> when given, and only those whose
    /// metadata contains every property of <paramref name="metadataFilter"/> (JSON-equal values) when given; every
    /// memory of the agent when both are null. Returns how many were deleted.
    /// </summary>
    Task<int> ForgetAsync(string agent, string? id, JsonObject? metadataFilter, CancellationToken cancellationToken = default);

    /// <summary>Deletes every memory (of any agent) that expired at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTime now, CancellationToken cancellationToken = default);
}
