namespace AgentFlow.Triggers;

/// <summary>Settings of the <see cref="TriggerHost"/>.</summary>
public sealed class TriggerHostOptions
{
    /// <summary>The folder whose <c>*.json</c> workflow files' triggers are run (default <c>workflows</c>).</summary>
    public string WorkflowsDirectory { get; set; } = "workflows";

    /// <summary>How often the folder is read again besides file-change notices (default 30 s).</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a schedule with a buffered tick checks whether the previous run has finished (default 5 s).</summary>
    public TimeSpan RunPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock triggers run on (default the system clock; a fake one in tests).</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>For tests: changes each loaded workflow before its triggers are registered (e.g. attaches triggers).</summary>
    internal Func<Core.Model.WorkflowDefinition, Core.Model.WorkflowDefinition>? Transform { get; set; }
}
