using System.Text.Json.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Model.Triggers;

/// <summary>Turns what a trigger received into the run's inputs, by its <see cref="TriggerDefinition.Inputs"/> mapping.</summary>
public static class TriggerInputMapping
{
    /// <summary>
    /// Renders the mapping against <paramref name="scope"/> (built by <see cref="TriggerScope"/>) with the rules of the
    /// workflow's <c>output</c>: every string is a template, a template that is exactly one <c>{{ expr }}</c> keeps the
    /// expression's JSON type, objects and arrays are rendered member by member, other values are copied. A mapped
    /// input whose value renders to null (e.g. <c>{{ body.missing }}</c>) is left out, so it takes its default.
    /// The result is what a host passes on to be checked against the declared inputs (defaults are not filled here).
    /// </summary>
    /// <exception cref="TemplateException">A template of the mapping fails to evaluate.</exception>
    public static async Task<JsonObject> RenderAsync(TriggerDefinition trigger, JsonObject scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(scope);
        var inputs = new JsonObject();
        foreach (var (name, value) in trigger.Inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TemplateEngine.RenderValueAsync(value, scope, cancellationToken).ConfigureAwait(false) is { } rendered)
            {
                inputs[name] = rendered;
            }
        }

        return inputs;
    }
}
