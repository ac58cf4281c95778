using System.Text.RegularExpressions;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>How a case names nodes: the engine's qualified id (<c>triage[0].classify</c>), the id without item indexes (<c>triage.classify</c>), or the node id (<c>classify</c>).</summary>
internal static partial class NodeIds
{
    /// <summary>The workflow node a name means (its last segment, indexes dropped), or null.</summary>
    public static WorkflowNode? Find(WorkflowDefinition workflow, string name)
    {
        var local = Local(name);
        return NodeGraph.Walk(workflow.Nodes).FirstOrDefault(n => n.Id == local);
    }

    /// <summary>True when <paramref name="name"/> (as a case writes it) means the engine's <paramref name="qualified"/> node.</summary>
    public static bool Matches(string name, string qualified) =>
        name == qualified || name == Unindexed(qualified) || (!name.Contains('.', StringComparison.Ordinal) && !name.Contains('[', StringComparison.Ordinal) && name == Local(qualified));

    /// <summary><c>triage[0].classify</c> to <c>classify</c>.</summary>
    public static string Local(string qualified)
    {
        var plain = Unindexed(qualified);
        var dot = plain.LastIndexOf('.');
        return dot < 0 ? plain : plain[(dot + 1)..];
    }

    /// <summary><c>triage[0].classify</c> to <c>triage.classify</c>.</summary>
    public static string Unindexed(string qualified) => Index().Replace(qualified, string.Empty);

    /// <summary>The map item scope of a qualified id: <c>triage[0].</c> for <c>triage[0].send</c>, empty for a top-level node.</summary>
    public static string Scope(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        return dot < 0 ? string.Empty : qualified[..(dot + 1)];
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();
}
