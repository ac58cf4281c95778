using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation;

/// <summary>
/// A trigger's <c>inputs</c> mapping against the workflow's declared inputs: every mapped name is declared (AF507),
/// every required input without default is mapped (AF508), and what a value renders to can have the input's type
/// (AF509): literals by their JSON type and <c>enum</c>, templates by the shape they render to when it is known.
/// </summary>
internal sealed class TriggerInputChecker(WorkflowDefinition definition, DiagnosticSink sink)
{
    public void Check(TriggerDefinition trigger)
    {
        var what = $"trigger '{trigger.Name}'";
        var inputsPath = JsonPaths.Property(trigger.JsonPath, "inputs");
        foreach (var (name, value) in trigger.Inputs)
        {
            var path = JsonPaths.Property(inputsPath, name);
            if (definition.Inputs.TryGetValue(name, out var input))
            {
                CheckType(what, input, value, path, trigger.Kind);
                continue;
            }

            var declared = definition.Inputs.Keys.ToList();
            sink.Error(
                DiagnosticCodes.UnknownTriggerInput,
                path,
                $"{what} maps input '{name}', which the workflow does not declare",
                declared.Count == 0
                    ? $"The workflow declares no inputs: declare \"{name}\" under \"inputs\", or remove it from the mapping."
                    : $"{TemplateChecker.DidYouMean(name, declared)}Declared inputs: {string.Join(", ", declared)}.");
        }

        foreach (var input in definition.Inputs.Values.Where(i => i.Required && i.Default is null && !trigger.Inputs.ContainsKey(i.Name)))
        {
            sink.Error(
                DiagnosticCodes.MissingTriggerInput,
                trigger.Inputs.Count > 0 ? inputsPath : trigger.JsonPath,
                $"{what} does not map input '{input.Name}' ({input.Type}), which is required and has no default: every run it starts would be refused",
                $"Map it under the trigger's \"inputs\" from what the trigger receives (e.g. {Example(trigger.Kind)}), or give the input a \"default\".");
        }
    }

    private void CheckType(string what, InputDefinition input, JsonElement value, string path, TriggerKind kind)
    {
        if (value.ValueKind == JsonValueKind.String && TemplateSyntax.HasMarkup(value.GetString()!))
        {
            var text = value.GetString()!;
            var parsed = TemplateSyntax.ParseTemplate(text.Trim());
            if (parsed.Template is null)
            {
                return; // AF305, reported with the template's reads
            }

            var single = TemplateSyntax.SingleExpression(parsed.Template);
            var shape = single is null ? ValueShape.Text : ExpressionShapes.Of(single, name => TriggerScope.Shapes(kind).GetValueOrDefault(name, ValueShape.Untyped));
            if (!Fits(input.Type, shape))
            {
                var renders = single is null ? "a template with text around or between its tags, which renders a string" : $"'{text.Trim()}', which is a {shape.Describe()}";
                var hint = single is null
                    ? "Write exactly one {{ expr }} (nothing around it) to keep the value's JSON type."
                    : input.Type == "string" ? "Make it text, e.g. with a filter: {{ ... | append: '' }}, or change the input's type." : $"Map a value of type {input.Type}, or change the input's type.";
                sink.Error(DiagnosticCodes.TriggerInputTypeMismatch, path, $"{what} maps input '{input.Name}' ({input.Type}) to {renders}", hint);
            }

            return;
        }

        // A literal (objects and arrays may hold templates; only their own JSON type counts).
        if (!SectionReaders.Matches(input.Type, value))
        {
            sink.Error(DiagnosticCodes.TriggerInputTypeMismatch, path, $"{what} maps input '{input.Name}' ({input.Type}) to {ObjectReader.Describe(value)}", $"Map a value of type {input.Type}{(input.Type == "string" ? " (write it in quotes)" : string.Empty)}, or change the input's type.");
        }
        else if (input.Enum is { } allowed && value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) && !allowed.Any(a => JsonElement.DeepEquals(a, value)))
        {
            sink.Error(DiagnosticCodes.TriggerInputTypeMismatch, path, $"{what} maps input '{input.Name}' to {value.GetRawText()}, which is not one of its allowed values", $"Allowed: {string.Join(", ", allowed.Select(a => a.GetRawText()))}.");
        }
    }

    private static bool Fits(string type, ValueShape shape) => shape.Kind switch
    {
        ShapeKind.Text => type == "string",
        ShapeKind.Number => type is "number" or "integer",
        ShapeKind.Boolean => type == "boolean",
        ShapeKind.Array => type == "array",
        ShapeKind.Record => type == "object",
        _ => true,
    };

    private static string Example(TriggerKind kind) => kind switch
    {
        TriggerKind.Imap => "\"{{ message.subject }}\"",
        TriggerKind.Webhook => "\"{{ body.id }}\"",
        _ => "\"{{ trigger.time }}\"",
    };
}
