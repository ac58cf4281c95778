namespace AgentFlow.Engine.Ledger;

/// <summary>What <see cref="IEffectLedger.BeginAsync"/> found for a key.</summary>
public enum LedgerBeginState
{
    /// <summary>No entry existed; one is now recorded as started and the caller may act.</summary>
    Started,

    /// <summary>The effect already happened; the caller must return the recorded result instead of acting.</summary>
    AlreadyCompleted,

    /// <summary>An earlier attempt started and recorded no result: it may or may not have acted.</summary>
    InDoubt,
}
