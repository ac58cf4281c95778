using System.Text.Json;

namespace AgentFlow.Engine.Definitions;

/// <summary>Serialisation settings and pin syntax shared by the definition stores.</summary>
internal static class DefinitionJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A pin is lowercase hex (a SHA-256), so it is safe as a file or blob name.</summary>
    public static bool IsPin(string? pin) =>
        pin is { Length: >= 16 and <= 128 } && pin.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
