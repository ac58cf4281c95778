using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Conformance;

/// <summary>The conformance suite on the Azure Storage backend (Azurite).</summary>
public sealed class AzureStorageConformanceTests(AzureStorageFixture fixture) : BackendConformanceTests<AzureStorageFixture>(fixture), IClassFixture<AzureStorageFixture>;
