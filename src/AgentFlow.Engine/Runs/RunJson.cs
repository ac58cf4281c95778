using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Runs;

/// <summary>JSON settings for run status, progress and results (camelCase, nulls omitted).</summary>
public static class RunJson
{
    /// <summary>The shared options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
