using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration.Budgets;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Output of the <c>agentflow.map</c> orchestration: the chunk's item results in order, and what it spent.</summary>
/// <param name="Items">The items' results.</param>
/// <param name="Spent">Tokens, model calls, cost and steps of the chunk, and limits raised in it; null from chunks that ran before usage was reported.</param>
internal sealed record MapChunkResult(JsonArray Items, BudgetState? Spent)
{
    /// <summary>
    /// Reads a chunk's output as recorded in history: this record, or the bare array of items chunks returned before
    /// they reported usage (so runs in flight across an upgrade replay).
    /// </summary>
    public static MapChunkResult Read(JsonNode? output) => output switch
    {
        JsonArray items => new MapChunkResult(items, null),
        JsonObject result => result.Deserialize<MapChunkResult>(SystemTextJsonDataConverter.Options) ?? new MapChunkResult([], null),
        _ => new MapChunkResult([], null),
    };
}
