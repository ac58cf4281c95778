using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Runs;

/// <summary>
/// The names a run is made of in the durable backend: its orchestrations, activities and the external events it waits
/// for. One place for all of them: the client starts and finds runs by them, the orchestrator schedules and waits by
/// them, and they are written into run histories, so changing one breaks the runs in flight.
/// </summary>
public static class RunNames
{
    /// <summary>The orchestration of a run (and of a <c>workflow</c> node's sub-run).</summary>
    public const string RunOrchestration = "agentflow.run";

    /// <summary>The orchestration of one chunk of a long <c>map</c>'s items.</summary>
    public const string MapOrchestration = "agentflow.map";

    /// <summary>The activity that hands an <see cref="ApprovalEvent"/> to the approval event sink.</summary>
    public const string ApprovalEventActivity = "agentflow.approval.event";

    /// <summary>The activity that remembers an approval's feedback in its learning agents' memories (<c>learn</c>).</summary>
    public const string FeedbackActivity = "agentflow.approval.feedback";

    /// <summary><c>approval:NODE</c> carries an <see cref="ApprovalDecision"/>.</summary>
    public const string ApprovalPrefix = "approval:";

    /// <summary>
    /// The wait node name of a budget pause (its event is <c>approval:budget</c>); in a long map's chunk, where pauses
    /// may stand side by side, <c>budget.NODE</c> with the node it stopped (<c>budget.each[150].ask</c>).
    /// </summary>
    public const string BudgetWait = "budget";

    /// <summary><c>effect:NODE</c> carries an <see cref="EffectResolution"/>.</summary>
    public const string EffectPrefix = "effect:";

    /// <summary>The log category of run events (started, waiting, completed, failed, node failures), so hosts can set its level.</summary>
    public const string LogCategory = "AgentFlow.Runs";

    /// <summary>The activity names of node kinds start with this (<c>agentflow.node.tool</c>).</summary>
    internal const string NodeActivityPrefix = "agentflow.node.";

    /// <summary>The activity that runs activity nodes of <paramref name="kind"/>, e.g. <c>agentflow.node.llm</c>.</summary>
    public static string NodeActivity(NodeKind kind) => NodeActivityPrefix + NodeKinds.ToJson(kind);
}
