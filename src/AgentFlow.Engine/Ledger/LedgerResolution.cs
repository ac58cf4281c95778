namespace AgentFlow.Engine.Ledger;

/// <summary>An operator's decision about an in-doubt effect.</summary>
public enum LedgerResolution
{
    /// <summary>The effect did not happen: forget the entry so the next attempt acts again.</summary>
    Repeat,

    /// <summary>The effect happened: record it as completed so the next attempt returns the given result.</summary>
    Done,
}
