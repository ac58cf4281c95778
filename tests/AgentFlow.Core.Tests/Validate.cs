using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Validation;

namespace AgentFlow.Core.Tests;

/// <summary>Test shorthand: load JSON text and validate it.</summary>
internal static class Validate
{
    public static IReadOnlyList<Diagnostic> Json(string json, string file = "test.json") =>
        WorkflowValidator.Validate(WorkflowLoader.Parse(json, file));

    public static IReadOnlyList<Diagnostic> File(string path) =>
        WorkflowValidator.Validate(WorkflowLoader.LoadFileAsync(path).GetAwaiter().GetResult());

    /// <summary>A minimal valid workflow around the given nodes (JSON object body) and extra top-level members.</summary>
    public static string Workflow(string nodes, string start = "a", string extra = "") =>
        $$"""
        {
          "name": "t",
          {{(extra.Length > 0 ? extra + "," : string.Empty)}}
          "models": { "m": { "provider": "local" } },
          "agents": { "writer": { "model": "m" } },
          "tools": { "mail": { "kind": "email", "risk": "high" }, "lookup": { "kind": "code", "risk": "low" } },
          "start": "{{start}}",
          "nodes": {{nodes}}
        }
        """;
}
