using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Definitions;

namespace AgentFlow.Engine.Runs;

/// <summary>A workflow that passed every check and is pinned, with its bound inputs: ready to start.</summary>
/// <param name="Definition">The stored definition the run will execute.</param>
/// <param name="Workflow">The parsed workflow.</param>
/// <param name="Inputs">The checked inputs, with defaults filled in.</param>
public sealed record PreparedRun(PinnedDefinition Definition, WorkflowDefinition Workflow, JsonObject Inputs);
