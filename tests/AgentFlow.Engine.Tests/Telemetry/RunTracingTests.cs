using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Telemetry;

/// <summary>
/// The span tree of runs on the embedded backend, here replaying a run's history on every turn: one trace per run,
/// run -> node visits -> tool calls, map items under their map node, sub-runs under their calling node, and each span
/// exactly once however often its node was replayed.
/// </summary>
public sealed class RunTracingTests(ReplayingWorkflowHarness harness) : IClassFixture<ReplayingWorkflowHarness>, IDisposable
{
    private readonly SpanCollector _spans = new();

    [Fact]
    public async Task LinearChain_OneTrace_RunSpanParentsEveryNodeSpanAndTheToolSpanHangsUnderItsNode()
    {
        var file = harness.Write("trace-chain.json", """
            { "name": "chain", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } }, "tools": { "count": { "kind": "code", "risk": "medium", "name": "test.count" } }, "start": "prepare",
              "nodes": { "prepare": { "kind": "set", "values": { "word": "hello" }, "next": "call" },
                         "call": { "kind": "tool", "tool": "count", "args": { "word": "{{ prepare.word }}" }, "next": "shout" },
                         "shout": { "kind": "llm", "agent": "a", "prompt": "say {{ prepare.word }}", "next": "done" },
                         "done": { "kind": "end" } } }
            """);

        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        var spans = _spans.TraceOf(run.RunId);
        var root = Assert.Single(spans, s => s.OperationName == "run chain");
        Assert.Equal("completed", root.GetTagItem(TelemetryTags.Outcome));
        Assert.Equal("chain", root.GetTagItem(TelemetryTags.Workflow));
        var nodes = NodeSpans(spans);
        Assert.Equal(["call", "done", "prepare", "shout"], nodes.Keys.Order(StringComparer.Ordinal));
        Assert.All(nodes.Values, n => Assert.Equal(root.SpanId, n.ParentSpanId));
        Assert.All(nodes.Values, n => Assert.Equal(NodeSpanId(root.TraceId, run.RunId, (string)n.GetTagItem(TelemetryTags.NodeId)!, 1), n.SpanId));
        Assert.Equal("tool call", nodes["call"].DisplayName);
        Assert.Equal(("tool", 1, 1, "completed", run.RunId, "chain"), (nodes["call"].GetTagItem(TelemetryTags.NodeKind), nodes["call"].GetTagItem(TelemetryTags.Iteration), nodes["call"].GetTagItem(TelemetryTags.Attempts), nodes["call"].GetTagItem(TelemetryTags.Outcome), nodes["call"].GetTagItem(TelemetryTags.RunId), nodes["call"].GetTagItem(TelemetryTags.Workflow)));
        var tool = Assert.Single(spans, s => s.OperationName == "execute_tool count");
        Assert.Equal(nodes["call"].SpanId, tool.ParentSpanId);
        Assert.Equal(("execute_tool", "count", "medium"), (tool.GetTagItem(TelemetryTags.GenAiOperation), tool.GetTagItem(TelemetryTags.GenAiToolName), tool.GetTagItem(TelemetryTags.ToolRisk)));
        Assert.Equal(6, spans.Count);
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());
    }

    [Fact]
    public async Task RetryingNode_OneNodeSpanWithItsAttempts_AndOneToolSpanPerAttempt()
    {
        var file = harness.Write("trace-retry.json", """
            { "name": "retrying", "tools": { "flaky": { "kind": "code", "risk": "low", "name": "test.flaky" } }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "flaky", "args": { "succeedOn": 3 }, "retry": { "max": 2, "backoff": "PT0.05S" } } } }
            """);

        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        var spans = _spans.TraceOf(run.RunId);
        var node = Assert.Single(NodeSpans(spans).Values);
        Assert.Equal((3, "completed", ActivityStatusCode.Unset), (node.GetTagItem(TelemetryTags.Attempts), node.GetTagItem(TelemetryTags.Outcome), node.Status));
        var attempts = spans.Where(s => s.OperationName == "execute_tool flaky").ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(node.SpanId, a.ParentSpanId));
        Assert.Equal(2, attempts.Count(a => a.Status == ActivityStatusCode.Error));
    }

    [Fact]
    public async Task FailingNode_NodeAndRunSpansCarryTheError()
    {
        var file = harness.Write("trace-fail.json", """
            { "name": "failing", "tools": { "flaky": { "kind": "code", "risk": "low", "name": "test.flaky" } }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "flaky", "args": { "succeedOn": 5 } } } }
            """);

        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Failed, run.Status);
        var spans = _spans.TraceOf(run.RunId);
        var node = Assert.Single(NodeSpans(spans).Values);
        Assert.Equal(("failed", ActivityStatusCode.Error), (node.GetTagItem(TelemetryTags.Outcome), node.Status));
        Assert.Contains("flaky failure on attempt 1", node.StatusDescription, StringComparison.Ordinal);
        var root = Assert.Single(spans, s => s.OperationName == "run failing");
        Assert.Equal(("failed", ActivityStatusCode.Error), (root.GetTagItem(TelemetryTags.Outcome), root.Status));
    }

    [Fact]
    public async Task Approval_SpanSaysWhoDecidedAndHowLongItWaited_AndIsEmittedOnceAcrossTheWait()
    {
        var file = harness.Write("trace-approval.json", """
            { "name": "gated", "start": "gate",
              "nodes": { "gate": { "kind": "approval", "approvers": ["role:ops"], "show": { "what": "ship" }, "next": "after" },
                         "after": { "kind": "set", "values": { "ok": "{{ gate.approved }}" } } } }
            """);
        var waiting = await harness.RunAsync(file);
        Assert.Equal(RunStatus.Waiting, waiting.Status);

        await harness.Client.RaiseEventAsync(waiting.RunId, "approval:gate", new ApprovalDecision(true, "ops-op", "fine", null, ["ops"]));
        var run = await harness.UntilAsync(waiting.RunId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, run.Status);
        var nodes = NodeSpans(_spans.TraceOf(run.RunId));
        var gate = nodes["gate"];
        Assert.Equal(("approved", "ops-op"), (gate.GetTagItem(TelemetryTags.Outcome), gate.GetTagItem(TelemetryTags.DecidedBy)));
        Assert.InRange((double)gate.GetTagItem(TelemetryTags.WaitSeconds)!, 0, double.MaxValue);
        Assert.Equal(gate.Duration.TotalSeconds, (double)gate.GetTagItem(TelemetryTags.WaitSeconds)!, 3);
    }

    [Fact]
    public async Task Map_ItemNodeSpansHangUnderTheMapNodeSpan()
    {
        var file = harness.Write("trace-map.json", """
            { "name": "mapped", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } }, "inputs": { "words": { "type": "array" } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.words", "as": "w", "concurrency": 2, "do": {
                  "start": "upper",
                  "nodes": { "upper": { "kind": "llm", "agent": "a", "prompt": "{{ w }}", "next": "keep" },
                             "keep": { "kind": "set", "values": { "word": "{{ upper.text }}" } } } }, "next": "inline" },
                         "inline": { "kind": "map", "items": "inputs.words", "as": "w", "do": { "kind": "llm", "agent": "a", "prompt": "{{ w }}" } } } }
            """);

        var run = await harness.RunAsync(file, new JsonObject { ["words"] = new JsonArray("a", "b", "c") });

        Assert.Equal(RunStatus.Completed, run.Status);
        var spans = _spans.TraceOf(run.RunId);
        var root = Assert.Single(spans, s => s.OperationName == "run mapped");
        var nodes = NodeSpans(spans);
        Assert.Equal(["each", "each[0].keep", "each[0].upper", "each[1].keep", "each[1].upper", "each[2].keep", "each[2].upper", "inline", "inline[0]", "inline[1]", "inline[2]"], nodes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(root.SpanId, nodes["each"].ParentSpanId);
        Assert.Equal(root.SpanId, nodes["inline"].ParentSpanId);
        Assert.All(nodes.Where(n => n.Key.StartsWith("each[", StringComparison.Ordinal)), n => Assert.Equal(nodes["each"].SpanId, n.Value.ParentSpanId));
        Assert.All(nodes.Where(n => n.Key.StartsWith("inline[", StringComparison.Ordinal)), n => Assert.Equal(nodes["inline"].SpanId, n.Value.ParentSpanId));
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());
    }

    [Fact]
    public async Task LongMap_ItemsRunInChunkOrchestrations_StillHangUnderTheMapNodeSpanOnce()
    {
        var file = harness.Write("trace-chunks.json", """
            { "name": "chunked", "inputs": { "n": { "type": "array" } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.n", "as": "i", "concurrency": 150, "do": { "kind": "set", "values": { "v": "{{ i }}" } } } } }
            """);

        var run = await harness.RunAsync(file, new JsonObject { ["n"] = new JsonArray([.. Enumerable.Range(0, 150).Select(i => (JsonNode)i)]) });

        Assert.Equal(RunStatus.Completed, run.Status);
        var nodes = NodeSpans(_spans.TraceOf(run.RunId));
        Assert.Equal(151, nodes.Count);
        Assert.All(Enumerable.Range(0, 150), i => Assert.Equal(nodes["each"].SpanId, nodes[$"each[{i}]"].ParentSpanId));
        Assert.Equal(NodeSpanId(nodes["each"].TraceId, run.RunId, "each[149]", 1), nodes["each[149]"].SpanId);
    }

    [Fact]
    public async Task SubWorkflow_ChildRunSpanHangsUnderTheCallingNode_InTheSameTrace()
    {
        harness.Write("trace-child.json", """
            { "name": "child", "tools": { "count": { "kind": "code", "risk": "low", "name": "test.count" } }, "start": "work",
              "nodes": { "work": { "kind": "tool", "tool": "count", "args": { "from": "child" } } } }
            """);
        var file = harness.Write("trace-parent.json", """
            { "name": "parent", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "trace-child.json", "next": "after" },
                                                           "after": { "kind": "set", "values": { "done": true } } } }
            """);

        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        var spans = _spans.TraceOf(run.RunId);
        var root = Assert.Single(spans, s => s.OperationName == "run parent");
        var call = Assert.Single(spans, s => s.DisplayName == "workflow call");
        Assert.Equal(root.SpanId, call.ParentSpanId);
        var child = Assert.Single(spans, s => s.OperationName == "run child");
        Assert.Equal(call.SpanId, child.ParentSpanId);
        var work = Assert.Single(spans, s => s.DisplayName == "tool call.work");
        Assert.Equal(child.SpanId, work.ParentSpanId);
        Assert.Equal(work.SpanId, Assert.Single(spans, s => s.OperationName == "execute_tool count").ParentSpanId);
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());
    }

    public void Dispose() => _spans.Dispose();

    /// <summary>Node spans by node id; fails on a node with two spans for one visit.</summary>
    private static Dictionary<string, Activity> NodeSpans(IReadOnlyList<Activity> spans)
    {
        var nodes = spans.Where(s => s.GetTagItem(TelemetryTags.NodeKind) is not null).ToList();
        var byNode = nodes.GroupBy(n => $"{n.GetTagItem(TelemetryTags.NodeId)}#{n.GetTagItem(TelemetryTags.Iteration)}").ToList();
        Assert.All(byNode, g => Assert.Single(g));
        return nodes.ToDictionary(n => (string)n.GetTagItem(TelemetryTags.NodeId)!, StringComparer.Ordinal);
    }

    private static ActivitySpanId NodeSpanId(ActivityTraceId trace, string runId, string node, int iteration) => SpanIds.Span($"{trace.ToHexString()}/{runId}/{node}/{iteration}");
}
