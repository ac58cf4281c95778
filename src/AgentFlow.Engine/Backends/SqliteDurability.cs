namespace AgentFlow.Engine.Backends;

/// <summary>How much of a crash a committed step survives on the embedded backend.</summary>
public enum SqliteDurability
{
    /// <summary>WAL with synchronous=NORMAL: survives a killed process, not a power loss. The default.</summary>
    Process,

    /// <summary>WAL with synchronous=FULL: every commit is fsynced and survives a power loss.</summary>
    Full,
}
