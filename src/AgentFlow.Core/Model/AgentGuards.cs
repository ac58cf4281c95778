namespace AgentFlow.Core.Model;

/// <summary>
/// An agent's <c>guards</c>: checks on the rendered prompt of each of its <c>llm</c> nodes before the model sees it
/// (<see cref="Input"/>) and on the model's answer (<see cref="Output"/>).
/// </summary>
/// <param name="Input">Checks on the prompt (a <c>redact</c> changes what the model receives).</param>
/// <param name="Output">Checks on the answer (its text, or its JSON for a structured answer).</param>
/// <param name="Approvers">Who decides when a check's action is <c>approve</c>.</param>
/// <param name="JsonPath">Where they are written (<c>$.agents.NAME.guards</c>).</param>
public sealed record AgentGuards(IReadOnlyList<GuardCheck> Input, IReadOnlyList<GuardCheck> Output, IReadOnlyList<Approver> Approvers, string JsonPath)
{
    /// <summary>Every check, input first.</summary>
    public IEnumerable<GuardCheck> All => Input.Concat(Output);
}
