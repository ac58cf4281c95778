namespace AgentFlow.Core.Model;

/// <summary>
/// An approval's <c>learn</c>: whose memory keeps the operators' feedback (a comment, or edits of shown values).
/// </summary>
/// <param name="FromShow">
/// <c>learn: true</c>: the agents of the <c>llm</c> nodes whose outputs the approval's <c>show</c> reads (through
/// <c>set</c>, <c>map</c> and other approvals), computed from the definition.
/// </param>
/// <param name="Agents">The agents named (<c>learn: "editor"</c> or <c>["editor", "writer"]</c>); empty with <paramref name="FromShow"/>.</param>
/// <param name="IsList">True when the agents were written as a list (diagnostics then point at the item).</param>
public sealed record ApprovalLearning(bool FromShow, IReadOnlyList<string> Agents, bool IsList = false);
