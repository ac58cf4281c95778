using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Triggers;

/// <summary>A trigger a host runs: the valid workflow file it belongs to and the trigger's definition.</summary>
/// <param name="WorkflowFile">Full path of the workflow file (runs pin its content when they start).</param>
/// <param name="Workflow">The parsed, valid workflow.</param>
/// <param name="Trigger">The trigger.</param>
public sealed record TriggerRegistration(string WorkflowFile, WorkflowDefinition Workflow, TriggerDefinition Trigger)
{
    /// <summary>How users name the trigger: <c>WORKFLOW/TRIGGER</c>.</summary>
    public string Id => $"{Workflow.Name}/{Trigger.Name}";
}
