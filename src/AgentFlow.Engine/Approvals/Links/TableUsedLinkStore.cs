using Azure;
using Azure.Data.Tables;

namespace AgentFlow.Engine.Approvals.Links;

/// <summary>
/// The nonces of approval links already used, in an Azure Storage table shared by every server on every machine: one
/// entity per nonce (partition key = nonce), so claiming a link is one insert, and the service refuses a second insert
/// of the same nonce (409) whichever machine tries it. The table is created on first use.
/// </summary>
public sealed class TableUsedLinkStore : IUsedLinkStore
{
    private const string RowKey = "used";
    private readonly TableClient _table;
    private int _created;

    /// <summary>A store in <paramref name="table"/> (for example <c>&lt;taskhub&gt;UsedLinks</c>).</summary>
    public TableUsedLinkStore(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    /// <inheritdoc />
    public async Task<UsedLink?> TryUseAsync(ApprovalLink link, DateTimeOffset usedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Key(link.Nonce), RowKey)
        {
            ["RunId"] = link.RunId,
            ["Node"] = link.Node,
            ["Operator"] = link.Operator,
            ["UsedAt"] = usedAt.ToUniversalTime(),
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindAsync(link.Nonce, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"approval link '{link.Nonce}' is recorded as used in table '{_table.Name}' but its record cannot be read back; check the table");
        }
    }

    /// <inheritdoc />
    public async Task<UsedLink?> FindAsync(string nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        try
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(Key(nonce), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue || found.Value is not { } e)
            {
                return null;
            }

            return new UsedLink(nonce, e.GetString("RunId"), e.GetString("Node"), e.GetString("Operator"), e.GetDateTimeOffset("UsedAt")!.Value);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The table does not exist yet: nothing was used.
            return null;
        }
    }

    // Nonces are lowercase hex (ApprovalLinks); anything else cannot be a key and was never issued.
    private static string Key(string nonce) =>
        nonce.Length is > 0 and <= 128 && nonce.All(char.IsAsciiLetterOrDigit)
            ? nonce
            : throw new ArgumentException($"'{nonce}' is not an approval link nonce (letters and digits only).", nameof(nonce));

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _created, 1);
        }
    }
}
