namespace AgentFlow.Cli.Tests;

/// <summary>The small workflow the eval tests run: a model step, an approval, then a medium-risk e-mail and a low-risk http tool.</summary>
internal static class EvalProbe
{
    public static string Workflow(string models = """{ "local": { "provider": "local" } }""") => $$$"""
        {
          "name": "evalprobe",
          "inputs": {
            "text": { "type": "string", "default": "hello" },
            "n": { "type": "number", "default": 5 }
          },
          "models": {{{models}}},
          "agents": { "a": { "model": "local", "instructions": "Be short." } },
          "tools": {
            "notify": { "kind": "email", "risk": "medium", "from": "bot@example.com" },
            "weather": { "kind": "http", "risk": "low", "method": "GET", "url": "https://api.example.com/weather", "allowHosts": ["api.example.com"] }
          },
          "start": "ask",
          "nodes": {
            "ask": { "kind": "llm", "agent": "a", "prompt": "Say {{ inputs.text }} in one sentence.", "next": "check" },
            "check": {
              "kind": "approval",
              "approvers": ["role:ops"],
              "show": { "text": "{{ inputs.text }}" },
              "next": [ { "when": "check.approved", "to": "send" }, { "to": "done" } ]
            },
            "send": {
              "kind": "tool", "tool": "notify",
              "args": { "to": "ops@example.com", "subject": "probe", "text": "{{ check.values.text }}" },
              "next": "look"
            },
            "look": { "kind": "tool", "tool": "weather", "args": {}, "next": "done" },
            "done": { "kind": "end" }
          },
          "output": { "text": "{{ inputs.text }}", "n": "{{ inputs.n }}", "answer": "{{ ask.text }}", "weather": "{{ look.forecast | default: 'none' }}" }
        }
        """;
}
