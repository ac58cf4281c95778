using Azure;
using Azure.Data.Tables;
using AgentFlow.Abstractions.Configuration;

namespace AgentFlow.Engine.Ledger;

/// <summary>The table's creation and the purge of a run's rows.</summary>
public sealed partial class AzureTableEffectLedger
{
    /// <summary>Creates the table when missing, once per instance (again only after a failed attempt).</summary>
    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        lock (_createLock)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = CreateTableAsync();
            }

            return _created.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateTableAsync()
    {
        try
        {
            await _table.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw new ConfigurationException(
                "azureStorage",
                $"cannot create or open the effect ledger table '{_table.Name}' in storage account '{_table.AccountName}': {ex.Message}. "
                + "Check the connection string or account, and that the identity has the 'Storage Table Data Contributor' role.",
                ex);
        }
    }

    /// <summary>Removes the run's entries: its partition's effect rows of that run, and the entries its reference rows name.</summary>
    private async Task<int> PurgeRunAsync(string runId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableKeyEncoding.Encode(runId)} and (Kind eq {AzureLedgerRows.EffectKind} or Kind eq {AzureLedgerRows.RefKind})");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", AzureLedgerRows.Kind, AzureLedgerRows.Key], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var removed = 0;
        foreach (var row in rows)
        {
            var isRef = row.GetString(AzureLedgerRows.Kind) == AzureLedgerRows.RefKind;
            var key = isRef ? row.GetString(AzureLedgerRows.Key) : AzureLedgerRows.KeyOf(row);
            if (await DeleteIfOfRunAsync(key, runId, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }

            if (isRef)
            {
                await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }

        return removed;
    }

    /// <summary>Deletes the entry for <paramref name="key"/> if it belongs to <paramref name="runId"/>; whether it did.</summary>
    private async Task<bool> DeleteIfOfRunAsync(string key, string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var effect = await FindAsync(key, cancellationToken).ConfigureAwait(false);
            if (effect is null || effect.GetString(AzureLedgerRows.RunId) != runId)
            {
                return false;
            }

            try
            {
                var response = await _table.DeleteEntityAsync(effect.PartitionKey, effect.RowKey, effect.ETag, cancellationToken).ConfigureAwait(false);
                return response.Status != 404;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed since we read it (an attempt counted): read again.
            }
        }
    }
}
