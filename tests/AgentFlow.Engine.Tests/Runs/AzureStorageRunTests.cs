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

    [Fact]
    public async Task A_megabyte_payload_is_kept_out_of_history_in_large_message_blobs()
    {
        // A 1 MB answer (here an input copied by a node) must not bloat orchestration history: the provider moves every
        // payload above its threshold into blobs and leaves a reference in the history row.
        var file = harness.Write("azure-large.json", """
            { "name": "azure-large", "inputs": { "text": { "type": "string" } }, "start": "copy",
              "tools": { "shape": { "kind": "code", "risk": "low", "name": "json.transform" } },
              "nodes": { "copy": { "kind": "tool", "tool": "shape", "args": { "input": "{{ inputs.text }}" }, "next": "done" },
                         "done": { "kind": "set", "values": { "length": "{{ copy.result | size }}" } } } }
            """);
        var text = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 40_000));
        var runId = await harness.StartAsync(file, new JsonObject { ["text"] = text });

        var run = await harness.UntilAsync(runId, r => r.IsFinished);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(text.Length, run.Output!["length"]!.GetValue<int>());

        var hub = harness.Options.AzureStorage.TaskHubName;
        var history = new Azure.Data.Tables.TableClient(AzureStorageFixture.ConnectionString, hub + "History");
        long stored = 0;
        var rows = 0;
        await foreach (var row in history.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == runId))
        {
            rows++;
            stored += row.Sum(p => p.Value switch { string t => t.Length, byte[] b => b.Length, _ => 0 });
        }

        Assert.True(rows > 0, "the run has history rows");
        Assert.True(stored < 200_000, $"history rows hold {stored} bytes of a {text.Length}-byte payload");
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(AzureStorageFixture.ConnectionString).GetBlobContainerClient(hub.ToLowerInvariant() + "-largemessages");
        var offloaded = 0;
        await foreach (var _ in blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, runId.ToLowerInvariant(), default))
        {
            offloaded++;
        }

        Assert.True(offloaded > 0, "the payload went to the task hub's large-message blobs");
    }
}
