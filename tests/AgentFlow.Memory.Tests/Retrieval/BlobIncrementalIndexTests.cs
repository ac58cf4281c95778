namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>The incremental indexing contract on the shared blob index (a container of its own in Azurite per test).</summary>
public sealed class BlobIncrementalIndexTests(AzuriteContainers azurite)
    : IncrementalIndexContractTests(new RetrievalFolder(azurite.NextContainer())), IClassFixture<AzuriteContainers>;
