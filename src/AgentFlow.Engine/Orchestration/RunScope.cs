using System.Collections;
using System.Text.Json.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Engine.Orchestration;

/// <summary>
/// The names templates can read at one point of a run: the run's state (inputs, run, node outputs) plus, inside a
/// map item, the loop variable and the item's own node outputs. Inner scopes shadow outer ones and never write to them.
/// </summary>
internal sealed class RunScope : ITemplateState
{
    private readonly RunScope? _parent;
    private readonly JsonObject _locals = [];
    private readonly Dictionary<string, int> _visits = new(StringComparer.Ordinal);
    private readonly string? _inlineNodeId;
    private bool _forked;

    private RunScope(RunScope? parent, string prefix, string? inlineNodeId)
    {
        _parent = parent;
        Prefix = prefix;
        _inlineNodeId = inlineNodeId;
    }

    /// <summary>Prefix of the qualified ids of nodes in this scope: empty at top level, <c>map[3].</c> in an item.</summary>
    public string Prefix { get; }

    /// <summary>In a replay fork: true once this scope (or the one it is an item of) has passed the fork point.</summary>
    public bool Forked => _forked || (_parent?.Forked ?? false);

    /// <summary>Marks this scope as past the fork point of a replay fork.</summary>
    public void Fork() => _forked = true;

    public static RunScope Root(JsonObject state)
    {
        var scope = new RunScope(null, string.Empty, null);
        foreach (var (name, value) in state)
        {
            scope.Set(name, value?.DeepClone());
        }

        return scope;
    }

    /// <summary>A map item's scope; <paramref name="inlineNodeId"/> is the body's node when the body is a single inline node.</summary>
    public RunScope Item(string mapQualifiedId, int index, string variable, JsonNode? item, string? inlineNodeId)
    {
        var scope = new RunScope(this, $"{mapQualifiedId}[{index}].", inlineNodeId);
        scope.Set(variable, item?.DeepClone());
        return scope;
    }

    /// <summary>The id a node has in timelines and idempotency keys; an inline map body node is named by its item.</summary>
    public string Qualify(string nodeId) => nodeId == _inlineNodeId ? Prefix.TrimEnd('.') : Prefix + nodeId;

    /// <summary>Counts a visit of <paramref name="nodeId"/> in this scope and returns its number (1 = first).</summary>
    public int Visit(string nodeId)
    {
        var count = _visits.GetValueOrDefault(nodeId) + 1;
        _visits[nodeId] = count;
        return count;
    }

    public void Set(string name, JsonNode? value) => _locals[name] = value;

    public void Remove(string name) => _locals.Remove(name);

    public JsonNode? Get(string name) => TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc />
    public bool TryGetValue(string name, out JsonNode? value)
    {
        if (_locals.TryGetPropertyValue(name, out value))
        {
            return true;
        }

        value = null;
        return _parent is not null && _parent.TryGetValue(name, out value);
    }

    /// <summary>A detached deep copy of every readable name (for handing the scope to a sub-orchestration).</summary>
    public JsonObject Snapshot()
    {
        var copy = new JsonObject();
        foreach (var (name, value) in this)
        {
            copy[name] = value?.DeepClone();
        }

        return copy;
    }

    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator()
    {
        foreach (var pair in _locals)
        {
            yield return pair;
        }

        if (_parent is null)
        {
            yield break;
        }

        foreach (var pair in _parent)
        {
            if (!_locals.ContainsKey(pair.Key))
            {
                yield return pair;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
