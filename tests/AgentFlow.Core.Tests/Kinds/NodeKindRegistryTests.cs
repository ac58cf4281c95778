using System.Reflection;
using System.Runtime.CompilerServices;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Tests.Kinds;

/// <summary>The registry of node kinds is the one list the loader dispatches over: it must hold every kind's record.</summary>
public sealed class NodeKindRegistryTests
{
    [Fact]
    public void All_ListsEveryKindOnce_InEnumOrder()
    {
        Assert.Equal(Enum.GetValues<NodeKind>(), NodeKindRegistry.All.Select(s => s.Kind));
    }

    [Fact]
    public void All_HoldsTheSpecOfEveryNodeRecord_WithTheRecordsKind()
    {
        var records = typeof(WorkflowNode).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(WorkflowNode)) && !t.IsAbstract)
            .ToList();

        Assert.Equal(NodeKindRegistry.All.Count, records.Count);
        foreach (var record in records)
        {
            var spec = (NodeKindSpec?)record.GetProperty("Spec", BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null);
            Assert.NotNull(spec);
            Assert.Contains(spec, NodeKindRegistry.All);
            Assert.Equal(((WorkflowNode)RuntimeHelpers.GetUninitializedObject(record)).Kind, spec.Kind);
        }
    }

    [Fact]
    public void IsActivity_TrueExactlyForKindsWithSideEffects()
    {
        var activities = Enum.GetValues<NodeKind>().Where(NodeKinds.IsActivity);

        Assert.Equal([NodeKind.Llm, NodeKind.Retrieve, NodeKind.Tool, NodeKind.Recall, NodeKind.Remember, NodeKind.Guard], activities);
    }

    [Fact]
    public void NodeKindFields_AreEachRecordsFields()
    {
        Assert.Same(LlmNode.Fields, WorkflowFields.NodeKindFields[NodeKind.Llm]);
        Assert.Same(ApprovalNode.EscalateFields, WorkflowFields.Sections["escalate"]);
        Assert.Same(WorkflowNode.CommonFields, WorkflowFields.NodeCommon);
    }
}
