namespace AgentFlow.Agents.Guards;

/// <summary>What running a list of checks over a text gave: the text after redactions, and the findings in check order.</summary>
/// <param name="Text">The text with every <c>redact</c> finding replaced by its placeholder.</param>
/// <param name="Findings">The findings.</param>
public sealed record GuardResult(string Text, IReadOnlyList<CheckFinding> Findings);
