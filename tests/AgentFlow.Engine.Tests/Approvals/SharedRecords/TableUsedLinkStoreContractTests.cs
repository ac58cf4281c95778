using AgentFlow.Engine.Approvals.Links;
using Azure.Data.Tables;

namespace AgentFlow.Engine.Tests.Approvals.SharedRecords;

/// <summary>The used-link contract on an Azure Storage table in Azurite, as every server of an azure-storage task hub shares it.</summary>
public sealed class TableUsedLinkStoreContractTests(AzuriteRecords azurite) : UsedLinkStoreContractTests, IClassFixture<AzuriteRecords>
{
    private readonly string _table = azurite.NextTable().Name;

    [Fact]
    public async Task TryUseAsync_Claim_IsOneEntityKeyedByTheNonce()
    {
        await OpenStore().TryUseAsync(new ApprovalLink("refund-1", "review", "bob", DateTimeOffset.UnixEpoch.AddDays(1), "c0ffee"), DateTimeOffset.UnixEpoch);

        var entities = new List<TableEntity>();
        await foreach (var entity in azurite.Tables.GetTableClient(_table).QueryAsync<TableEntity>())
        {
            entities.Add(entity);
        }

        Assert.Equal(("c0ffee", "refund-1"), (Assert.Single(entities).PartitionKey, entities[0].GetString("RunId")));
    }

    // A new client each time, as another process would have.
    protected override IUsedLinkStore OpenStore() => new TableUsedLinkStore(new TableServiceClient(Support.AzureStorageFixture.ConnectionString).GetTableClient(_table));
}
