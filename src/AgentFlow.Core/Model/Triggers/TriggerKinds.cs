namespace AgentFlow.Core.Model.Triggers;

/// <summary>Maps <see cref="TriggerKind"/> to and from its JSON spelling (<c>schedule</c>, <c>imap</c>, <c>webhook</c>).</summary>
public static class TriggerKinds
{
    private static readonly Dictionary<string, TriggerKind> ByName =
        Enum.GetValues<TriggerKind>().ToDictionary(ToJson, k => k, StringComparer.Ordinal);

    /// <summary>Every JSON spelling, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<TriggerKind>().Select(ToJson)];

    /// <summary>The JSON spelling of <paramref name="kind"/>, e.g. <c>imap</c>.</summary>
    public static string ToJson(TriggerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Parses a JSON spelling; case-sensitive, like the rest of the language.</summary>
    public static bool TryParse(string name, out TriggerKind kind) => ByName.TryGetValue(name, out kind);
}
