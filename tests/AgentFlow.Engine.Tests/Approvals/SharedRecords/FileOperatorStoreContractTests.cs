using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals.SharedRecords;

/// <summary>The operator contract on the default storage, <c>DATA/operators.json</c>.</summary>
public sealed class FileOperatorStoreContractTests : OperatorStoreContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-operators-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    protected override OperatorStore OpenStore() => new(_dir);
}
