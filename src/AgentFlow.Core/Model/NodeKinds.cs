namespace AgentFlow.Core.Model;

/// <summary>Maps <see cref="NodeKind"/> to and from its JSON spelling and classifies kinds.</summary>
public static class NodeKinds
{
    private static readonly Dictionary<string, NodeKind> ByName =
        Enum.GetValues<NodeKind>().ToDictionary(ToJson, k => k, StringComparer.Ordinal);

    /// <summary>Every JSON spelling, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<NodeKind>().Select(ToJson)];

    /// <summary>The JSON spelling of <paramref name="kind"/>, e.g. <c>llm</c>.</summary>
    public static string ToJson(NodeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Parses a JSON spelling; case-sensitive, like the rest of the language.</summary>
    public static bool TryParse(string name, out NodeKind kind) => ByName.TryGetValue(name, out kind);

    /// <summary>True for kinds that run as activities (side effects live only there).</summary>
    public static bool IsActivity(NodeKind kind) => Nodes.NodeKindRegistry.Get(kind).IsActivity;
}
