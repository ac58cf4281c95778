using AgentFlow.Engine.Approvals.Links;

namespace AgentFlow.Engine.Tests.Approvals.SharedRecords;

/// <summary>The used-link contract on the default storage, <c>DATA/links.db</c>.</summary>
public sealed class SqliteUsedLinkStoreContractTests : UsedLinkStoreContractTests, IDisposable
{
    private readonly AuditTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override IUsedLinkStore OpenStore() => new UsedLinkStore(_folder.Data);
}
