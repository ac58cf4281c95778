using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli;

/// <summary>
/// The JSON every <c>--format json</c> prints: the run JSON's camelCase names, and states as the lowercase words the
/// text output uses (<c>"status": "waiting"</c>, never a number), so <c>show</c> and <c>runs</c> agree.
/// </summary>
internal static class CliJson
{
    /// <summary>One line (<c>runs</c>, <c>approvals</c>, <c>effects</c>: an array per command).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Indented (<c>show</c>, <c>run</c>'s output).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(RunJson.Options)
        {
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        // Every state enum has one-word members, so snake_case_lower is their lowercase name (RunStateNames).
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }
}
