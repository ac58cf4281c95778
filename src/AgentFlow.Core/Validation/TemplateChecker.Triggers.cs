using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation;

/// <summary>A trigger's input mapping: its templates read only the trigger's scope (AF510), by its shapes (AF310).</summary>
internal sealed partial class TemplateChecker
{
    // Liquid's own names; everything else a mapping reads must come from the trigger's scope.
    private static readonly HashSet<string> LiquidNames = new(StringComparer.Ordinal) { "forloop", "tablerowloop", "empty", "blank", "nil", "null", "true", "false" };

    /// <summary>Checks every template of <paramref name="trigger"/>'s <c>inputs</c> mapping against the trigger's scope.</summary>
    public void CheckTrigger(TriggerDefinition trigger)
    {
        var reader = $"trigger '{trigger.Name}'";
        foreach (var (input, value) in trigger.Inputs)
        {
            var inputPath = JsonPaths.Property(JsonPaths.Property(trigger.JsonPath, "inputs"), input);
            foreach (var (path, text) in JsonStrings.Enumerate(value, inputPath))
            {
                if (!TemplateSyntax.HasMarkup(text))
                {
                    continue;
                }

                var parsed = TemplateSyntax.ParseTemplate(text);
                if (parsed.Error is { } error)
                {
                    sink.Error(DiagnosticCodes.InvalidTemplate, path, $"invalid Liquid in {reader}: {error}", "Check the {{ }} / {% %} pairs and the expression syntax (Liquid, as in Shopify/Fluid).");
                    continue;
                }

                foreach (var read in parsed.Reads)
                {
                    CheckTriggerRead(read, path, reader, trigger);
                }
            }
        }
    }

    private void CheckTriggerRead(TemplateRead read, string path, string reader, TriggerDefinition trigger)
    {
        var scope = TriggerScope.Shapes(trigger.Kind);
        if (scope.TryGetValue(read.Root, out var shape))
        {
            var (parent, failed) = ShapeWalker.Walk(shape, read.Segments);
            if (failed >= 0)
            {
                ReportUnknownField(read, path, reader, $"'{read.Root}'", parent, failed);
            }

            return;
        }

        // A loop variable's reads are rewritten onto its list, whose own read is reported; Liquid's names are fine.
        if (read.ViaLoop || LiquidNames.Contains(read.Root))
        {
            return;
        }

        var kind = TriggerKinds.ToJson(trigger.Kind);
        var names = scope.Keys.Count() == 1 ? scope.Keys.First() : $"{string.Join(", ", scope.Keys.SkipLast(1))} and {scope.Keys.Last()}";
        var example = trigger.Kind switch
        {
            TriggerKind.Imap => "{{ message.subject }}",
            TriggerKind.Webhook => "{{ body.id }}",
            _ => "{{ trigger.time }}",
        };
        var runState = read.Root is "inputs" or "run" || definition.Nodes.ContainsKey(read.Root) || nestedOwner.ContainsKey(read.Root);
        if (runState)
        {
            sink.Error(
                DiagnosticCodes.OutsideTriggerScope,
                path,
                $"{reader} reads '{read.Text(Math.Min(1, read.Segments.Count))}', but a trigger's mapping runs before the run exists; it can read {names}",
                $"Map from what the trigger received, e.g. \"{example}\"; inputs the mapping leaves out take their defaults, and nodes read inputs.NAME once the run has started.");
            return;
        }

        sink.Error(
            DiagnosticCodes.OutsideTriggerScope,
            path,
            $"{reader} reads '{read.Root}', which is not in the scope of a {kind} trigger; it can read {names}",
            Suggestions.Closest(read.Root, scope.Keys) is { } closest ? $"Did you mean '{closest}'?" : $"Read what the trigger received, e.g. \"{example}\".");
    }
}
