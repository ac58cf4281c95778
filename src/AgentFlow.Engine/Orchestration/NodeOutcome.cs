using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Orchestration;

/// <summary>How a node ended: its output (if it has one), and whether its path ends or jumps.</summary>
internal readonly record struct NodeOutcome(bool HasOutput, JsonNode? Output, bool Ends, string? Next)
{
    public static NodeOutcome NoOutput => new(false, null, false, null);

    public static NodeOutcome End => new(false, null, true, null);

    public static NodeOutcome Completed(JsonNode? output) => new(true, output, false, null);

    public static NodeOutcome Jump(string next) => new(false, null, false, next);
}
