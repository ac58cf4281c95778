namespace AgentFlow.Engine.Ledger;

/// <summary>The outcome of <see cref="IEffectLedger.BeginAsync"/>: what the caller may do, and the entry it found or made.</summary>
/// <param name="State">Whether to act, return the recorded result, or stop.</param>
/// <param name="Entry">The entry as it stands after the call.</param>
public sealed record LedgerBegin(LedgerBeginState State, LedgerEntry Entry)
{
    /// <summary>A fresh entry was recorded; the caller may act.</summary>
    public static LedgerBegin Started(LedgerEntry entry) => new(LedgerBeginState.Started, entry);

    /// <summary>The effect already happened; <paramref name="entry"/> holds its result.</summary>
    public static LedgerBegin AlreadyCompleted(LedgerEntry entry) => new(LedgerBeginState.AlreadyCompleted, entry);

    /// <summary>An earlier attempt may have acted without recording a result.</summary>
    public static LedgerBegin InDoubt(LedgerEntry entry) => new(LedgerBeginState.InDoubt, entry);
}
