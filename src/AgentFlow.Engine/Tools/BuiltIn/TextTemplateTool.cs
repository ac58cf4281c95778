using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Templates;

namespace AgentFlow.Engine.Tools.BuiltIn;

/// <summary>
/// <c>text.template</c>: renders a Liquid template given as data (e.g. from an input or a file) against
/// <c>values</c>. Args: <c>template</c> (string, required), <c>values</c> (object). Result: <c>{ "text" }</c>.
/// </summary>
public sealed class TextTemplateTool : ICodeTool
{
    /// <inheritdoc />
    public string Name => "text.template";

    /// <inheritdoc />
    public JsonElement? Output { get; } = JsonDocument.Parse("""
        { "type": "object", "properties": { "text": { "type": "string" } } }
        """).RootElement.Clone();

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        if (toolCall.Args["template"] is not JsonValue templateValue || !templateValue.TryGetValue<string>(out var template))
        {
            throw new NodeExecutionException($"{Name}: args.template must be a string (the Liquid template to render)");
        }

        var values = toolCall.Args["values"] switch
        {
            null => [],
            JsonObject o => o,
            _ => throw new NodeExecutionException($"{Name}: args.values must be an object (the names the template reads)"),
        };
        try
        {
            // Render as text even when the template is a single expression: this tool's result is always a string.
            var rendered = await TemplateEngine.RenderAsync("{% if true %}" + template + "{% endif %}", values, cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["text"] = rendered?.GetValue<string>() ?? string.Empty };
        }
        catch (TemplateException ex)
        {
            throw new NodeExecutionException($"{Name}: {ex.Message}");
        }
    }
}
