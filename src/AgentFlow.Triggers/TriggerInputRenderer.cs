using System.Text.Json.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Triggers;

/// <summary>
/// Renders a trigger's <c>inputs</c> mapping against what it received, by the rule of the workflow's <c>output</c>: a
/// template that is exactly one <c>{{ expr }}</c> keeps the expression's JSON type; objects and arrays are rendered
/// recursively; other values are copied. (One method, to swap for Core's <c>TriggerInputMapping.Render</c>.)
/// </summary>
internal static class TriggerInputRenderer
{
    /// <exception cref="TriggerInputException">A template fails to render (the message names the input).</exception>
    public static async Task<JsonObject> RenderAsync(TriggerRegistration registration, JsonObject scope, CancellationToken cancellationToken)
    {
        var inputs = new JsonObject();
        foreach (var (name, value) in registration.Trigger.Inputs)
        {
            try
            {
                inputs[name] = await TemplateEngine.RenderValueAsync(value, scope, cancellationToken).ConfigureAwait(false);
            }
            catch (TemplateException ex)
            {
                throw new TriggerInputException(registration.Id, $"{registration.Trigger.JsonPath}.inputs.{name}: {ex.Message}");
            }
        }

        return inputs;
    }
}
