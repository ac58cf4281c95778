using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Records;
using Azure.Storage.Blobs;

namespace AgentFlow.Engine.Tests.Approvals.SharedRecords;

/// <summary>The operator contract on one blob in Azurite, as every worker and server of an azure-storage task hub shares it.</summary>
public sealed class BlobOperatorStoreContractTests(AzuriteRecords azurite) : OperatorStoreContractTests, IClassFixture<AzuriteRecords>
{
    private readonly BlobContainerClient _container = azurite.NextContainer();

    [Fact]
    public async Task AddAsync_Always_StoresOnlyAHashOfTheToken()
    {
        var (_, token) = await OpenStore().AddAsync("ana", [], null, adminToken: null);

        var text = (await _container.GetBlobClient("operators.json").DownloadContentAsync()).Value.Content.ToString();

        Assert.Contains("\"ana\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token[12..], text, StringComparison.Ordinal);
    }

    // A new client each time, as another process would have.
    protected override OperatorStore OpenStore() =>
        new(new BlobVersionedDocument(azurite.Blobs.GetBlobContainerClient(_container.Name), OperatorStore.FileName));
}
