namespace AgentFlow.Engine.Ledger;

/// <summary>Where an effect stands in the <see cref="IEffectLedger"/>.</summary>
public enum LedgerState
{
    /// <summary>The tool was about to act; whether it did is unknown until the entry completes.</summary>
    Started,

    /// <summary>The tool acted and its result is recorded.</summary>
    Completed,
}
