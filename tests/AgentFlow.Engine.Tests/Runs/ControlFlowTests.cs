using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>The orchestrator's control flow on the embedded backend: set, switch, end, fail, cycles, parallel, output.</summary>
public sealed class ControlFlowTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    [Fact]
    public async Task Set_and_output_render_inputs_and_run_fields()
    {
        var file = harness.Write("set.json", """
            { "name": "greet", "inputs": { "who": { "type": "string", "default": "world" }, "n": { "type": "integer" } },
              "start": "a",
              "nodes": { "a": { "kind": "set", "values": { "msg": "Hello {{ inputs.who }}", "twice": "{{ inputs.n | times: 2 }}", "id": "{{ run.id }}" }, "next": "done" },
                         "done": { "kind": "end" } },
              "output": { "message": "{{ a.msg }}", "twice": "{{ a.twice }}", "id": "{{ a.id }}" } }
            """);
        var run = await harness.RunAsync(file, new JsonObject { ["n"] = 21 });

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("Hello world", run.Output!["message"]!.GetValue<string>());
        Assert.Equal(42, run.Output["twice"]!.GetValue<long>());
        Assert.Equal(run.RunId, run.Output["id"]!.GetValue<string>());
        Assert.Equal(["a", "done"], run.Timeline.Select(t => t.Node));
        Assert.All(run.Timeline, t => Assert.Equal(NodeStatus.Completed, t.Status));
    }

    [Theory]
    [InlineData(5, "big")]
    [InlineData(1, "small")]
    public async Task Switch_takes_the_first_transition_whose_condition_holds(int amount, string expected)
    {
        var file = harness.Write($"switch-{amount}.json", """
            { "name": "branch", "inputs": { "amount": { "type": "number" } }, "start": "check",
              "nodes": { "check": { "kind": "switch", "next": [ { "when": "inputs.amount > 3", "to": "big" }, { "to": "small" } ] },
                         "big": { "kind": "set", "values": { "size": "big" } },
                         "small": { "kind": "set", "values": { "size": "small" } } } }
            """);
        var run = await harness.RunAsync(file, new JsonObject { ["amount"] = amount });

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(expected, run.Output!["size"]!.GetValue<string>());
        Assert.DoesNotContain(run.Timeline, t => t.Node == (expected == "big" ? "small" : "big"));
    }

    [Fact]
    public async Task Fail_node_fails_the_run_with_its_rendered_message()
    {
        var file = harness.Write("fail.json", """
            { "name": "failing", "inputs": { "order": { "type": "string", "default": "A-1" } }, "start": "stop",
              "nodes": { "stop": { "kind": "fail", "message": "order {{ inputs.order }} is not refundable" } } }
            """);
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("order A-1 is not refundable", run.Error);
        Assert.Equal(NodeStatus.Failed, Assert.Single(run.Timeline).Status);
    }

    [Fact]
    public async Task Cycle_beyond_maxVisits_fails_the_node_and_routes_to_onError()
    {
        var file = harness.Write("cycle.json", """
            { "name": "looping", "start": "again",
              "nodes": { "again": { "kind": "switch", "maxVisits": 3, "onError": "stopped", "next": [ { "when": "true", "to": "again" } ] },
                         "stopped": { "kind": "set", "values": { "why": "{{ error.message }}", "node": "{{ error.node }}" } } } }
            """);
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(3, run.Timeline.Count(t => t.Node == "again" && t.Status == NodeStatus.Completed));
        Assert.Contains("maxVisits is 3", run.Output!["why"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("again", run.Output["node"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parallel_runs_every_branch_then_continues_at_join()
    {
        var file = harness.Write("parallel.json", """
            { "name": "fork", "start": "fork",
              "nodes": { "fork": { "kind": "parallel", "branches": ["left", "right"], "join": "merge" },
                         "left": { "kind": "tool", "tool": "slow", "args": { "ms": 300 }, "next": "merge" },
                         "right": { "kind": "tool", "tool": "slow", "args": { "ms": 300 }, "next": "right2" },
                         "right2": { "kind": "set", "values": { "side": "right" }, "next": "merge" },
                         "merge": { "kind": "set", "values": { "left": "{{ left.slept }}", "right": "{{ right2.side }}" } } },
              "tools": { "slow": { "kind": "code", "risk": "low", "name": "test.sleep" } } }
            """);
        var started = DateTime.UtcNow;
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(300, run.Output!["left"]!.GetValue<long>());
        Assert.Equal("right", run.Output["right"]!.GetValue<string>());
        var left = run.Timeline.Single(t => t.Node == "left");
        var right = run.Timeline.Single(t => t.Node == "right");
        Assert.True(left.StartedAt < right.EndedAt && right.StartedAt < left.EndedAt, "branches overlap in time");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        Assert.Equal("merge", run.Timeline[^1].Node);
    }

    [Fact]
    public async Task A_run_that_would_exceed_the_visit_limit_fails_naming_it()
    {
        var file = harness.Write("spin.json", """
            { "name": "spin", "start": "a",
              "nodes": { "a": { "kind": "set", "values": { "n": 1 }, "maxVisits": 60000, "next": "b" },
                         "b": { "kind": "switch", "next": [ { "when": "true", "to": "a" } ] } } }
            """);

        var run = await harness.UntilAsync(await harness.StartAsync(file), r => r.IsFinished);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("more than 100,000 nodes (the per-run limit)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_five_thousand_node_chain_completes_with_every_node_in_the_timeline()
    {
        // Each node reads the one before; quadratic work per node (status or state rebuilt each step) never finished.
        var nodes = string.Join(",\n", Enumerable.Range(0, 5000).Select(i => i == 0
            ? "\"n0\": { \"kind\": \"set\", \"values\": { \"count\": 1 }, \"next\": \"n1\" }"
            : $"\"n{i}\": {{ \"kind\": \"set\", \"values\": {{ \"count\": \"{{{{ n{i - 1}.count | plus: 1 }}}}\" }}{(i < 4999 ? $", \"next\": \"n{i + 1}\"" : string.Empty)} }}"));
        var file = harness.Write("chain.json", $$$"""{ "name": "chain", "start": "n0", "nodes": { {{{nodes}}} }, "output": { "count": "{{ n4999.count }}" } }""");

        var run = await harness.UntilAsync(await harness.StartAsync(file), r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(5000, run.Output!["count"]!.GetValue<int>());
        Assert.Equal(5000, run.Timeline.Count);
    }
}
