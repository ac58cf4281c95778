namespace AgentFlow.Core.Tests.Triggers;

/// <summary>Small workflows with triggers, for the trigger tests.</summary>
internal static class TriggerWorkflows
{
    /// <summary>A valid workflow with the given <c>inputs</c> and <c>triggers</c> bodies (JSON object text).</summary>
    public static string With(string triggers, string inputs = "{}") =>
        $$"""
        {
          "name": "t",
          "inputs": {{inputs}},
          "start": "a",
          "nodes": { "a": { "kind": "set", "values": { "text": "x" } } },
          "triggers": {{triggers}}
        }
        """;
}
