using System.Text.Json;

namespace AgentFlow.Core.Json;

/// <summary>Enumerates the string leaves of a JSON value with their JSON paths (templates and secrets live there).</summary>
internal static class JsonStrings
{
    public static IEnumerable<(string Path, string Value)> Enumerate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return (path, element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var leaf in Enumerate(property.Value, JsonPaths.Property(path, property.Name)))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var leaf in Enumerate(item, JsonPaths.Index(path, index++)))
                    {
                        yield return leaf;
                    }
                }

                break;
        }
    }
}
