using System.Text.Json.Nodes;

namespace AgentFlow.Memory;

/// <summary>The metadata match of <see cref="IMemoryStore.ForgetAsync"/>, decided in .NET so every store agrees.</summary>
internal static class MetadataFilter
{
    /// <summary>
    /// True when <paramref name="metadata"/> has every property of <paramref name="filter"/> with a JSON-equal value
    /// (so "5" and 5 differ, and keys with dots or quotes need no path syntax).
    /// </summary>
    public static bool Matches(JsonObject? metadata, JsonObject filter)
    {
        if (metadata is null)
        {
            return false;
        }

        foreach (var (key, expected) in filter)
        {
            if (!metadata.TryGetPropertyValue(key, out var actual) || !JsonNode.DeepEquals(actual, expected))
            {
                return false;
            }
        }

        return true;
    }
}
