using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Core.Validation.Trust;

/// <content>
/// Propagation of labels to a fixed point. A node's label is a function of the stored labels it reads (nodes, agent
/// memories; inputs are fixed by then), so a round re-labels only nodes that read a label stored since their last
/// labelling: the outcome is the one of re-labelling every node every round, at a fraction of the cost on large
/// graphs (each label otherwise re-enumerates the node's strings and looks up their templates again).
/// </content>
public sealed partial class TrustReport
{
    // Stamp of the last store of each node label and memory label; a node is re-labelled when something it read has a
    // stamp newer than its own labelling.
    private readonly Dictionary<string, int> _nodeStamps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _memoryStamps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int At, string[] Nodes, string[] Memories)> _labelled = new(StringComparer.Ordinal);
    private int _stamp;

    // What the node being labelled reads, while Propagate labels it (null otherwise).
    private Reads? _reading;

    /// <summary>Labels every node's output, round after round until nothing changes (cycles and memory feed back).</summary>
    private void Propagate()
    {
        var scratch = new Reads();
        for (var round = 0; round < MaxRounds; round++)
        {
            var changed = false;
            foreach (var scope in Scopes)
            {
                foreach (var node in scope.Nodes)
                {
                    if (_labelled.TryGetValue(node.Id, out var last) && !ReadSince(last))
                    {
                        continue;
                    }

                    _reading = scratch;
                    scratch.Nodes.Clear();
                    scratch.Memories.Clear();
                    var at = _stamp;
                    changed |= Evaluate(node, scope);
                    _labelled[node.Id] = (at, [.. _reading.Nodes], [.. _reading.Memories]);
                    _reading = null;
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    /// <summary>Labels one node (and what a remember node writes to memory); true when a stored label changed.</summary>
    private bool Evaluate(WorkflowNode node, GraphScope scope)
    {
        var changed = false;
        var next = Label(node, scope);
        if (!_nodes.TryGetValue(node.Id, out var previous) || !previous.SameKinds(next))
        {
            _nodes[node.Id] = next;
            _nodeStamps[node.Id] = ++_stamp;
            changed = true;
        }

        if (node is RememberNode remember)
        {
            var written = TemplateTaint(remember.Text, scope).Join(ValueTaint(remember.Metadata, scope));
            var memory = Memory(remember.Agent);
            if (written.Kind > memory.Kind)
            {
                _memories[remember.Agent] = new Taint(written.Kind, $"the memory of agent '{remember.Agent}' (node '{remember.Id}' remembers {written.Source})");
                _memoryStamps[remember.Agent] = ++_stamp;
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>True when a label the node read at its last labelling was stored again since.</summary>
    private bool ReadSince((int At, string[] Nodes, string[] Memories) last)
    {
        foreach (var id in last.Nodes)
        {
            if (_nodeStamps.GetValueOrDefault(id) > last.At)
            {
                return true;
            }
        }

        foreach (var agent in last.Memories)
        {
            if (_memoryStamps.GetValueOrDefault(agent) > last.At)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The stored label of node <paramref name="id"/>, noted as read by the node being labelled.</summary>
    private NodeTaint? NodeLabel(string id)
    {
        _reading?.Nodes.Add(id);
        return _nodes.GetValueOrDefault(id);
    }

    private sealed class Reads
    {
        public HashSet<string> Nodes { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Memories { get; } = new(StringComparer.Ordinal);
    }
}
