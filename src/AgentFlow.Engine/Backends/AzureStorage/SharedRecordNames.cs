namespace AgentFlow.Engine.Backends.AzureStorage;

/// <summary>
/// Where the records every worker shares live in the account of the <c>azure-storage</c> backend, named after the task
/// hub (tables <c>HUB</c> + suffix, containers <c>hub-</c> + suffix), so several hubs can share one account.
/// AgentFlow.Memory, which cannot reference the engine, names its containers the same way (<c>hub-memory</c>,
/// <c>hub-retrieval</c>).
/// </summary>
public static class SharedRecordNames
{
    /// <summary>The side-effect ledger (one entity per idempotency key).</summary>
    public const string EffectsTable = "Effects";

    /// <summary>The audit hash chain (one entity per record, plus the head).</summary>
    public const string AuditTable = "Audit";

    /// <summary>Used approval-link nonces.</summary>
    public const string LinksTable = "Links";

    /// <summary>The container of small shared documents (<c>operators.json</c>).</summary>
    public const string RecordsContainer = "records";

    /// <summary>The container of pinned workflow definitions.</summary>
    public const string DefinitionsContainer = "definitions";
}
