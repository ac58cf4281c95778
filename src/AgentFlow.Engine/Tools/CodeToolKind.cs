using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Tools;

/// <summary>The <c>code</c> tool kind: dispatches to a registered <see cref="ICodeTool"/> by its <c>name</c> setting.</summary>
public sealed class CodeToolKind : IToolKind
{
    private readonly Dictionary<string, ICodeTool> _tools = new(StringComparer.Ordinal);

    /// <summary>Creates the kind with its registered tools; a later tool with the same name replaces an earlier one.</summary>
    public CodeToolKind(IEnumerable<ICodeTool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (var tool in tools)
        {
            _tools[tool.Name] = tool;
        }
    }

    /// <inheritdoc />
    public string Kind => "code";

    /// <inheritdoc />
    public IEnumerable<string> Check(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var name = NameOf(tool);
        if (!_tools.ContainsKey(name))
        {
            yield return $"tool '{tool.Name}' runs code tool '{name}', which is not registered in this host (registered: {string.Join(", ", _tools.Keys.Order(StringComparer.Ordinal))})";
        }
    }

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        var name = NameOf(toolCall.Tool);
        return _tools.TryGetValue(name, out var tool)
            ? tool.InvokeAsync(toolCall, cancellationToken)
            : throw new NodeExecutionException($"code tool '{name}' is not registered in this host");
    }

    private static string NameOf(ToolDefinition tool) =>
        tool.Settings.ValueKind == JsonValueKind.Object && tool.Settings.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : tool.Name;
}
