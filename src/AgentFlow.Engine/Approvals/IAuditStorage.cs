namespace AgentFlow.Engine.Approvals;

/// <summary>
/// Where an <see cref="AuditLog"/> keeps its record lines and its head: a file and a head database in the data
/// directory (<see cref="FileAuditStorage"/>), or one table shared by every worker (<see cref="AzureTableAuditStorage"/>).
/// The storage only stores; hashing, MACs, the key and verification are <see cref="AuditLog"/>'s.
/// </summary>
public interface IAuditStorage
{
    /// <summary>Where the records are, for messages: a quoted file path, or "table 'X' of account Y".</summary>
    string Location { get; }

    /// <summary>Where the head is, for messages: a quoted file path, or the head row of the table.</summary>
    string HeadLocation { get; }

    /// <summary>
    /// Reads the last record line and the recorded head, to append after them. The append through the returned tail
    /// either lands right after what was read, moving the head with it, or reports a conflict.
    /// </summary>
    /// <exception cref="AuditLogException">The storage's last line cannot be continued (e.g. a write was cut off).</exception>
    Task<AuditTail> ReadTailAsync(CancellationToken cancellationToken = default);

    /// <summary>Every record line in order, with the recorded head read before them.</summary>
    Task<AuditLines> ReadLinesAsync(CancellationToken cancellationToken = default);
}
