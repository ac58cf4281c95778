using System.Text;
using System.Text.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using Microsoft.SemanticKernel;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// The declared tools an <c>llm</c> node offers, as function declarations for the model. Tools declare no parameter
/// schema, so each function takes one permissive object parameter <c>args</c> that becomes the tool call's args.
/// </summary>
internal sealed class ToolBindings
{
    /// <summary>The only parameter of every offered function.</summary>
    public const string ArgsParameter = "args";

    private static readonly KernelJsonSchema AnyObject = KernelJsonSchema.Parse("""{ "type": "object", "additionalProperties": true }""");

    private readonly Dictionary<string, ToolDefinition> _byFunction;

    private ToolBindings(Dictionary<string, ToolDefinition> byFunction, IReadOnlyList<KernelFunction> functions)
    {
        _byFunction = byFunction;
        Functions = functions;
    }

    /// <summary>The function declarations, one per offered tool.</summary>
    public IReadOnlyList<KernelFunction> Functions { get; }

    /// <summary>Whether the node offers any tool.</summary>
    public bool Any => Functions.Count > 0;

    /// <summary>Binds the tools <paramref name="node"/> offers (names the validator has checked against <c>tools</c>).</summary>
    public static ToolBindings Create(WorkflowDefinition workflow, LlmNode node)
    {
        var byFunction = new Dictionary<string, ToolDefinition>(StringComparer.Ordinal);
        var functions = new List<KernelFunction>();
        foreach (var name in node.Tools.Distinct(StringComparer.Ordinal))
        {
            if (!workflow.Tools.TryGetValue(name, out var tool))
            {
                continue;
            }

            var functionName = Unique(FunctionName(name), byFunction);
            byFunction[functionName] = tool;
            functions.Add(KernelFunctionFactory.CreateFromMethod(
                static () => string.Empty,
                functionName,
                Description(tool),
                [new KernelParameterMetadata(ArgsParameter) { Description = "The tool's arguments as one JSON object.", IsRequired = true, Schema = AnyObject }]));
        }

        return new ToolBindings(byFunction, functions);
    }

    /// <summary>The tool a call from the model names, or <see langword="null"/> when it names none that was offered.</summary>
    public ToolDefinition? Resolve(FunctionCallContent call)
    {
        // Offered names never contain the connector's plugin separator, so a plugin part means an unknown name.
        var name = call.PluginName is null ? call.FunctionName : $"{call.PluginName}-{call.FunctionName}";
        return _byFunction.GetValueOrDefault(name);
    }

    private static string Description(ToolDefinition tool)
    {
        var text = tool.Settings.ValueKind == JsonValueKind.Object && tool.Settings.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()
            : null;
        return string.IsNullOrWhiteSpace(text) ? $"Calls the workflow tool '{tool.Name}' ({tool.Kind})." : text;
    }

    /// <summary>Function names allow letters, digits and '_' (at most 64); tool names are free strings.</summary>
    private static string FunctionName(string toolName)
    {
        var name = new StringBuilder(toolName.Length);
        foreach (var c in toolName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return name.Length == 0 ? "tool" : name.ToString(0, Math.Min(name.Length, 60));
    }

    private static string Unique(string name, Dictionary<string, ToolDefinition> taken)
    {
        var candidate = name;
        for (var i = 2; taken.ContainsKey(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }

        return candidate;
    }
}
