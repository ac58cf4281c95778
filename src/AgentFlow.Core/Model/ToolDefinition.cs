using System.Text.Json;

namespace AgentFlow.Core.Model;

/// <summary>A named tool. Only declared tools can run: the declaration is the allow-list.</summary>
/// <param name="Name">Tool name used by <c>tool</c> nodes and <c>llm.tools</c>.</param>
/// <param name="Kind"><c>email</c>, <c>http</c>, <c>mcp</c> or <c>code</c>.</param>
/// <param name="Risk">How much harm a call can do.</param>
/// <param name="Settings">The whole declaration, for the tool implementation to read its kind settings.</param>
/// <param name="JsonPath">Where it is declared.</param>
public sealed record ToolDefinition(string Name, string Kind, ToolRisk Risk, JsonElement Settings, string JsonPath)
{
    /// <summary>JSON Schema of the tool's result, when the declaration gives one (<c>output</c>); a <c>tool</c> node's output.</summary>
    public JsonElement? Output { get; init; }

    /// <summary>
    /// The argument names the tool declares consequential (<c>sensitive</c>): an untrusted value may not reach them
    /// without an approval that shows it (AF411). Null: the kind's defaults (see
    /// <see cref="Validation.Trust.SensitiveArguments"/>).
    /// </summary>
    public IReadOnlyList<string>? Sensitive { get; init; }
}
