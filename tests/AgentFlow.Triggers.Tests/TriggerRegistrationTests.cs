using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Triggers.Tests;

public sealed class TriggerRegistrationTests
{
    [Fact]
    public void Id_NamesWorkflowAndTrigger()
    {
        var workflow = new WorkflowDefinition { Name = "newsletter", Start = "a", Nodes = new Dictionary<string, WorkflowNode>(), ContentHash = "00" };
        var trigger = new ScheduleTrigger { Name = "weekly", JsonPath = "$.triggers.weekly", Cron = "0 8 * * MON" };

        var registration = new TriggerRegistration("/w/newsletter.json", workflow, trigger);

        Assert.Equal("newsletter/weekly", registration.Id);
        Assert.Equal(TriggerKind.Schedule, registration.Trigger.Kind);
        Assert.True(registration.Trigger.Enabled);
    }
}
