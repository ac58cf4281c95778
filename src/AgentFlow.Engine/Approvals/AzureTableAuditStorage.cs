using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// One audit chain in an Azure table, appended to by every worker process and machine at once with no lock service.
/// </summary>
/// <remarks>
/// Everything is in partition <c>chain</c>: one entity per record, with the sequence zero-padded to 19 digits as row
/// key (so a range query returns the records in order) and the record's JSON line in string properties <c>Line0</c>,
/// <c>Line1</c>, ... (<c>Parts</c> of them, at most 30,000 characters each, below the 64 KiB limit of a property),
/// and the head entity (row key <c>head</c>: <c>Sequence</c>, <c>Hash</c>, <c>Mac</c>). A record line may be at most
/// <see cref="MaxLineLength"/> characters, which keeps the entity below the 1 MiB limit of an entity. An append is one
/// entity-group transaction: add the record entity (fails when the sequence exists) and replace the head on the ETag
/// that was read (or add it when there was none). When another writer was first, the transaction fails with 409 or 412
/// and nothing is written; the log reads the new tail and tries again. Deleting the newest records shows against the
/// head row, as with the file; deleting the whole table (head included) is like deleting both files.
/// </remarks>
public sealed partial class AzureTableAuditStorage : IAuditStorage
{
    /// <summary>The longest record line (in UTF-16 characters) a record entity holds.</summary>
    public const int MaxLineLength = PartLength * MaxParts;

    private const string Partition = "chain";
    private const string HeadRow = "head";
    private const int PartLength = 30_000;
    private const int MaxParts = 15;

    // Reads of all lines retried while appends keep moving the head, so the head read before them matches them.
    private const int ConsistentReadAttempts = 5;

    private readonly TableClient _table;
    private volatile bool _created;

    /// <summary>Creates the storage over <paramref name="table"/>, which is created if missing on the first append.</summary>
    /// <param name="table">The audit table (e.g. <c>agentflowaudit</c>) of the storage account.</param>
    public AzureTableAuditStorage(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    /// <inheritdoc />
    public string Location => $"table '{_table.Name}' of account {_table.AccountName}";

    /// <inheritdoc />
    public string HeadLocation => $"row '{HeadRow}' of table '{_table.Name}' of account {_table.AccountName}";

    /// <inheritdoc />
    /// <exception cref="RequestFailedException">The table service refused a request (e.g. no access).</exception>
    public async Task<AuditTail> ReadTailAsync(CancellationToken cancellationToken = default)
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }

        var head = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        string? last;
        if (head is { } found)
        {
            // Normally the record at the head is the last one; a query from it finds it (and any after it) quickly.
            last = await LastLineAsync(RowKey(found.Signed.Head.Sequence), cancellationToken).ConfigureAwait(false)
                ?? await LastLineAsync(null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            last = await LastLineAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return new Tail(this, last, head?.Signed, head?.ETag);
    }

    /// <inheritdoc />
    /// <exception cref="RequestFailedException">The table service refused a request (e.g. no access).</exception>
    public async Task<AuditLines> ReadLinesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            AuditLines? read = null;
            for (var attempt = 0; attempt < ConsistentReadAttempts; attempt++)
            {
                var before = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
                var lines = new List<string>();
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ne {HeadRow}");
                await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    lines.Add(LineOf(entity));
                }

                read = new AuditLines { Lines = lines, Head = before?.Signed, Absence = lines.Count == 0 ? ("has no records", "its records were deleted") : null };
                var after = await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
                if (after?.ETag == before?.ETag)
                {
                    break;
                }
            }

            return read!;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new AuditLines { Lines = [], Absence = ("does not exist", "the table was deleted") };
        }
    }

    private static string RowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The line a record entity holds: its parts joined (a missing part leaves a garbled line, as a torn file would).</summary>
    private static string LineOf(TableEntity entity)
    {
        var parts = entity.GetInt32("Parts") ?? 1;
        var line = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            line.Append(entity.GetString($"Line{i}"));
        }

        return line.ToString();
    }

    private static TableEntity RecordEntity(long sequence, string line)
    {
        if (line.Length > MaxLineLength)
        {
            throw new AuditLogException($"the audit record (sequence {sequence}) is {line.Length} characters long; a record in an Azure table holds at most {MaxLineLength}: keep large values out of what is shown for approval");
        }

        var entity = new TableEntity(Partition, RowKey(sequence));
        var parts = 0;
        for (var start = 0; start < line.Length || parts == 0; parts++)
        {
            var end = Math.Min(start + PartLength, line.Length);
            if (end < line.Length && char.IsHighSurrogate(line[end - 1]))
            {
                end--; // never split a surrogate pair across two properties
            }

            entity[$"Line{parts}"] = line[start..end];
            start = end;
        }

        entity["Parts"] = parts;
        return entity;
    }

    private async Task<StoredHead?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        var head = new AuditHead(entity.GetInt64("Sequence") ?? 0, entity.GetString("Hash") ?? string.Empty);
        return new StoredHead((head, entity.GetString("Mac") ?? string.Empty), entity.ETag);
    }

    /// <summary>The last record line from <paramref name="fromRow"/> on (from the first when null), or null when there is none.</summary>
    private async Task<string?> LastLineAsync(string? fromRow, CancellationToken cancellationToken)
    {
        var filter = fromRow is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ne {HeadRow}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {fromRow} and RowKey ne {HeadRow}");
        TableEntity? last = null;
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            last = entity;
        }

        return last is null ? null : LineOf(last);
    }

    /// <summary>The head entity as read, with the ETag an append must match.</summary>
    private sealed record StoredHead((AuditHead Head, string Mac) Signed, ETag ETag);
}
