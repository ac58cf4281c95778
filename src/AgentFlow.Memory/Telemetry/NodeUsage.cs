using System.Text.Json.Nodes;

namespace AgentFlow.Memory.Telemetry;

/// <summary>Adds a node's embedding <c>usage</c> to its output.</summary>
internal static class NodeUsage
{
    /// <summary><paramref name="output"/> with <c>usage</c> when <paramref name="usage"/> saw an embedding call; unchanged otherwise.</summary>
    public static JsonObject With(JsonObject output, EmbeddingUsage usage)
    {
        if (usage.ToJson() is { } json)
        {
            output["usage"] = json;
        }

        return output;
    }
}
