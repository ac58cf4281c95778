namespace AgentFlow.Agents.Guards;

/// <summary>One thing a guard found in a text: which rule, where, and what it matched (masked for personal data).</summary>
/// <param name="Rule">The rule's id: <c>pii.email</c>, <c>pii.phone</c>, <c>pii.card</c>, <c>pii.iban</c>, <c>pii.NAME</c> for a configured pattern, or an injection rule such as <c>injection.ignore-instructions</c>.</param>
/// <param name="Start">Offset of the match in the text (UTF-16 code units).</param>
/// <param name="Length">Length of the match.</param>
/// <param name="Excerpt">What matched, with personal data masked (e.g. <c>a***@example.com</c>, <c>**** 4242</c>), safe to show and log.</param>
public sealed record GuardFinding(string Rule, int Start, int Length, string Excerpt)
{
    /// <summary>The offset just after the match.</summary>
    public int End => Start + Length;
}
