using System.Text.Json.Nodes;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Core.Templates;

namespace AgentFlow.Triggers;

/// <summary>
/// Renders a trigger's <c>inputs</c> mapping against what it received (<see cref="TriggerInputMapping"/>, the rules
/// of the workflow's <c>output</c>), turning a template that fails into a <see cref="TriggerInputException"/>.
/// </summary>
internal static class TriggerInputRenderer
{
    /// <exception cref="TriggerInputException">A template fails to render (the message names the trigger's mapping).</exception>
    public static async Task<JsonObject> RenderAsync(TriggerRegistration registration, JsonObject scope, CancellationToken cancellationToken)
    {
        try
        {
            return await TriggerInputMapping.RenderAsync(registration.Trigger, scope, cancellationToken).ConfigureAwait(false);
        }
        catch (TemplateException ex)
        {
            throw new TriggerInputException(registration.Id, $"{registration.Trigger.JsonPath}.inputs: {ex.Message}");
        }
    }
}
