using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Core.Loading;

/// <summary>
/// Reads the entries of the top-level <c>triggers</c> object: checks the name and the kind, reads the common fields,
/// and hands the rest to the kind's own reader (beside its record in <c>Model/Triggers</c>).
/// </summary>
internal static class TriggerReader
{
    public static TriggerDefinition? Read(string name, JsonElement element, string path, DiagnosticSink sink)
    {
        var what = $"trigger '{name}'";
        if (!Identifiers.IsValid(name))
        {
            sink.Error(DiagnosticCodes.InvalidIdentifier, path, $"{what} is not a valid name", Identifiers.Explain(name));
        }

        if (!element.TryGetProperty("kind", out var kindElement))
        {
            sink.Error(DiagnosticCodes.MissingProperty, path, $"{what} is missing required property 'kind'", $"Add \"kind\": one of {string.Join(", ", TriggerKinds.Names)}.");
            return null;
        }

        if (kindElement.ValueKind != JsonValueKind.String || !TriggerKinds.TryParse(kindElement.GetString()!, out var kind))
        {
            var text = kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString()! : kindElement.GetRawText();
            sink.Error(DiagnosticCodes.InvalidValue, JsonPaths.Property(path, "kind"), $"{what} has unknown kind '{text}'", Suggestions.Hint(text, TriggerKinds.Names, "kinds"));
            return null;
        }

        var r = new ObjectReader(element, path, ObjectReader.Concat(TriggerDefinition.CommonFields, WorkflowFields.TriggerKindFields[TriggerKinds.ToJson(kind)]), sink, what);
        var context = new TriggerReadContext(name, path, sink);
        TriggerDefinition trigger = kind switch
        {
            TriggerKind.Schedule => ScheduleTrigger.Read(context, r),
            TriggerKind.Imap => ImapTrigger.Read(context, r),
            _ => WebhookTrigger.Read(context, r),
        };

        var inputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (r.Element("inputs") is { } mapping)
        {
            foreach (var property in mapping.EnumerateObject())
            {
                // The last of duplicate keys wins, as everywhere (AF105 reports the duplicate).
                inputs[property.Name] = property.Value.Clone();
            }
        }

        return trigger with { Enabled = r.Bool("enabled") ?? true, Description = r.String("description"), Inputs = inputs };
    }
}
