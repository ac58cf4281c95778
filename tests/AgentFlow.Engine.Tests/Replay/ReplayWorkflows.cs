namespace AgentFlow.Engine.Tests.Replay;

/// <summary>Workflows the replay tests run: every effect goes through <c>test.count</c>, which appends a line per call.</summary>
internal static class ReplayWorkflows
{
    /// <summary>A tool, an llm draft, an approval of it, and a tool that "sends" the approved text.</summary>
    public const string Draft = """
        { "name": "whatif", "inputs": { "topic": { "type": "string", "default": "tides" } },
          "models": { "m": { "provider": "local" }, "other": { "provider": "local" } }, "agents": { "a": { "model": "m" } },
          "tools": { "count": { "kind": "code", "risk": "low", "name": "test.count" } },
          "start": "before",
          "nodes": {
            "before": { "kind": "tool", "tool": "count", "args": { "step": "before" }, "next": "draft" },
            "draft":  { "kind": "llm", "agent": "a", "prompt": "draft about {{ inputs.topic }}", "next": "review" },
            "review": { "kind": "approval", "approvers": ["user:ana"], "show": { "text": "{{ draft.text }}" },
                        "next": [ { "when": "review.approved", "to": "send" }, { "to": "done" } ] },
            "send":   { "kind": "tool", "tool": "count", "args": { "text": "{{ review.values.text }}" }, "next": "done" },
            "done":   { "kind": "end" } },
          "output": { "text": "{{ draft.text }}", "approved": "{{ review.approved }}" } }
        """;

    /// <summary>A map whose items each call a tool and an llm node, then a sub-workflow that calls the tool.</summary>
    public const string Fanout = """
        { "name": "fanout", "inputs": { "things": { "type": "array", "items": { "type": "string" }, "default": ["x", "y", "z"] } },
          "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } },
          "tools": { "count": { "kind": "code", "risk": "low", "name": "test.count" } },
          "start": "each",
          "nodes": {
            "each": { "kind": "map", "items": "inputs.things", "as": "it", "concurrency": 2,
                      "do": { "start": "touch", "nodes": {
                        "touch": { "kind": "tool", "tool": "count", "args": { "item": "{{ it }}" }, "next": "say" },
                        "say":   { "kind": "llm", "agent": "a", "prompt": "say {{ it }}" } } },
                      "next": "call" },
            "call": { "kind": "workflow", "path": "fanout-child.json", "inputs": { "n": 3 } } },
          "output": { "said": "{{ each.items }}", "child": "{{ call }}" } }
        """;

    /// <summary>The sub-workflow of <see cref="Fanout"/>.</summary>
    public const string FanoutChild = """
        { "name": "fanout-child", "inputs": { "n": { "type": "number" } },
          "tools": { "count": { "kind": "code", "risk": "low", "name": "test.count" } },
          "start": "poke",
          "nodes": { "poke": { "kind": "tool", "tool": "count", "args": { "n": "{{ inputs.n }}" } } } }
        """;
}
