using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>map: inline and sub-graph bodies, item order, bounded concurrency, and 1,000 items in chunk sub-orchestrations.</summary>
public sealed class MapTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    [Fact]
    public async Task Inline_body_results_are_in_item_order_whatever_the_finishing_order()
    {
        // Earlier items sleep longer, so they finish last.
        var file = harness.Write("map-inline.json", """
            { "name": "mapping", "inputs": { "delays": { "type": "array" } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.delays", "as": "d", "concurrency": 3,
                                   "do": { "kind": "tool", "tool": "slow", "args": { "ms": "{{ d }}" } } } },
              "tools": { "slow": { "kind": "code", "risk": "low", "name": "test.sleep" } },
              "output": "{{ each.items }}" }
            """);
        var run = await harness.RunAsync(file, new JsonObject { ["delays"] = new JsonArray(300, 200, 100, 0) });

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal([300L, 200L, 100L, 0L], run.Output!.AsArray().Select(i => i!["slept"]!.GetValue<long>()));
        var map = Assert.Single(run.Timeline);
        Assert.Equal((4, 4), (map.ItemsDone, map.ItemsTotal));
    }

    [Fact]
    public async Task Subgraph_body_routes_each_item_and_yields_its_last_output()
    {
        var file = harness.Write("map-graph.json", """
            { "name": "triage", "inputs": { "mails": { "type": "array" } }, "start": "triage",
              "nodes": { "triage": { "kind": "map", "items": "inputs.mails", "as": "mail", "do": {
                  "start": "classify",
                  "nodes": { "classify": { "kind": "switch", "next": [ { "when": "mail.spam", "to": "drop" }, { "to": "keep" } ] },
                             "drop": { "kind": "set", "values": { "title": "{{ mail.title }}", "action": "dropped" } },
                             "keep": { "kind": "set", "values": { "title": "{{ mail.title }}", "action": "kept" } } } } } },
              "output": { "actions": "{% for r in triage.items %}{{ r.title }}={{ r.action }};{% endfor %}" } }
            """);
        var mails = new JsonArray(
            new JsonObject { ["title"] = "offer", ["spam"] = true },
            new JsonObject { ["title"] = "invoice", ["spam"] = false });
        var run = await harness.RunAsync(file, new JsonObject { ["mails"] = mails });

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("offer=dropped;invoice=kept;", run.Output!["actions"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrency_bounds_the_items_in_flight()
    {
        // Each item holds until two items have been in flight together once, then reports the most seen at once.
        var file = harness.Write("map-bounded.json", """
            { "name": "bounded", "inputs": { "n": { "type": "array" } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.n", "concurrency": 2,
                                   "do": { "kind": "tool", "tool": "inflight", "args": { "key": "{{ run.id }}", "until": 2 } } } },
              "tools": { "inflight": { "kind": "code", "risk": "low", "name": "test.inflight" } },
              "output": "{{ each.items | map: 'peak' }}" }
            """);
        var run = await harness.RunAsync(file, new JsonObject { ["n"] = new JsonArray(1, 2, 3, 4, 5, 6) });

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, run.Output!.AsArray().Max(p => p!.GetValue<int>()));
    }

    [Fact]
    public async Task A_thousand_items_run_in_chunks_with_results_in_order_and_one_effect_each()
    {
        var file = harness.Write("map-1000.json", """
            { "name": "thousand", "inputs": { "items": { "type": "array" } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.items", "as": "x", "concurrency": 50,
                                   "do": { "kind": "tool", "tool": "count", "args": { "value": "{{ x | times: 10 }}" } } } },
              "tools": { "count": { "kind": "code", "risk": "low", "name": "test.count" } },
              "output": { "values": "{{ each.items | map: 'args' | map: 'value' }}", "count": "{{ each.items | size }}" } }
            """);
        var items = new JsonArray([.. Enumerable.Range(0, 1000).Select(i => (JsonNode)JsonValue.Create(i))]);
        var run = await harness.RunAsync(file, new JsonObject { ["items"] = items });

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1000, run.Output!["count"]!.GetValue<long>());
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i * 10), run.Output["values"]!.AsArray().Select(v => v!.GetValue<long>()));
        var keys = File.ReadAllLines(harness.SideEffects).Where(l => l.StartsWith(run.RunId + "/", StringComparison.Ordinal)).ToList();
        Assert.Equal(1000, keys.Count);
        Assert.Equal(1000, keys.Distinct().Count());
        Assert.Contains($"{run.RunId}/each[999]/1", keys);
    }
}
