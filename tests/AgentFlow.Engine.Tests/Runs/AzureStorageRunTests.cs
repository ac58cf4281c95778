using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>The same orchestrator on the azure-storage backend (Azurite): a tool node and the basic approve path.</summary>
public sealed class AzureStorageRunTests(AzureWorkflowHarness harness) : IClassFixture<AzureWorkflowHarness>
{
    [Fact]
    public async Task Approve_path_runs_on_azure_storage_with_definitions_in_blobs()
    {
        Assert.IsType<BlobDefinitionStore>(harness.Runtime.Store);
        var file = harness.Write("azure-approval.json", """
            { "name": "azure-approval", "tools": { "shape": { "kind": "code", "risk": "low", "name": "json.transform" } }, "start": "shape",
              "nodes": { "shape": { "kind": "tool", "tool": "shape", "args": { "input": [2, 1] }, "next": "review" },
                         "review": { "kind": "approval", "approvers": ["role:finance"], "show": { "count": "{{ shape.count }}" }, "next": "done" },
                         "done": { "kind": "set", "values": { "count": "{{ review.values.count }}", "by": "{{ review.by }}" } } } }
            """);
        var runId = await harness.StartAsync(file);
        await harness.UntilAsync(runId, r => r.Status == RunStatus.Waiting);
        var op = (await harness.Operators.AddAsync("azure-bob", ["finance"], null, harness.AdminToken)).Operator;

        var decision = await new ApprovalService(harness.Client, harness.Audit).DecideAsync(runId, "review", op, true, "ok", new JsonObject { ["count"] = "5" });
        Assert.Equal(DecisionOutcome.Accepted, decision.Outcome);

        var run = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(5, run.Output!["count"]!.GetValue<int>());
        Assert.Equal("azure-bob", run.Output["by"]!.GetValue<string>());
    }
}
