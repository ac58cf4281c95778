using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Agents.Llm;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Tests.Llm;

/// <summary>Workflows with one <c>llm</c> node (<c>draft</c>, agent <c>writer</c>) and fast test options.</summary>
public static class LlmWorkflows
{
    public const string KeyVariable = "AGENTFLOW_TEST_KEY";
    public const string Key = "test-key-123";
    public const string Instructions = "You write short product notes.";

    /// <summary>An <c>openai</c> model entry pointing at <paramref name="server"/>.</summary>
    public static string OpenAI(FakeModelServer server) =>
        $$"""{ "provider": "openai", "model": "gpt-test", "baseUrl": "{{server.BaseUrl}}", "apiKeyEnv": "{{KeyVariable}}" }""";

    /// <summary>The workflow: <paramref name="model"/> is the models entry, <paramref name="node"/> extra fields of the llm node.</summary>
    public static WorkflowDefinition Create(string model, string node = "", string tools = "{}", string instructions = Instructions)
    {
        var json = $$"""
            {
              "name": "llm-test",
              "models": { "writer": {{model}} },
              "agents": { "writer": { "model": "writer", "instructions": {{JsonValue.Create(instructions).ToJsonString()}} } },
              "tools": {{tools}},
              "start": "draft",
              "nodes": { "draft": { "kind": "llm", "agent": "writer", "prompt": "Write."{{(node.Length > 0 ? ", " + node : string.Empty)}} } }
            }
            """;
        var document = WorkflowLoader.Parse(json, "llm-test.json");
        var errors = document.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Message).ToList();
        return errors.Count == 0 && document.Definition is { } definition ? definition : throw new InvalidOperationException(string.Join("\n", errors));
    }

    /// <summary>The execution of <c>draft</c> with <paramref name="prompt"/> as rendered prompt.</summary>
    public static NodeExecutionContext Context(WorkflowDefinition workflow, string prompt) => new()
    {
        RunId = "run-1",
        NodeId = "draft",
        Iteration = 1,
        Attempt = 1,
        Workflow = workflow,
        Node = workflow.Nodes["draft"],
        Input = new JsonObject { ["prompt"] = prompt },
    };

    /// <summary>Options with millisecond retry delays, no endpoint probe, and the test key in a private environment.</summary>
    public static LlmOptions Options(TimeSpan? timeout = null) => new()
    {
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(20),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        CheckEndpoints = false,
        GetEnvironmentVariable = name => name == KeyVariable ? Key : null,
    };
}
