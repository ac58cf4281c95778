namespace AgentFlow.Agents.Local;

/// <summary>A label and the keywords that point to it (the label itself always counts as one).</summary>
/// <param name="Label">The label as written in the prompt.</param>
/// <param name="Keywords">Words or phrases; a phrase matches partly when only some of its words occur.</param>
internal sealed record ClassificationRule(string Label, IReadOnlyList<string> Keywords);
