namespace AgentFlow.Agents.Local;

/// <summary>One sentence of the content with what ranking needs to know about it.</summary>
/// <param name="Text">The sentence as written.</param>
/// <param name="Order">Position in the content (prompt content first, then context passages).</param>
/// <param name="Paragraph">Paragraph number, unique across prompt content and passages.</param>
/// <param name="Weight">1 for prompt content, 0.5 for context passages.</param>
/// <param name="Terms">Stemmed topic terms in order of appearance.</param>
/// <param name="IsCandidate">False for field lines, headings, greetings and fragments that a summary should skip.</param>
/// <param name="IsGreeting">True for "Hello Ana!", "Welcome to ..." and similar openers.</param>
internal sealed record Sentence(
    string Text, int Order, int Paragraph, double Weight, IReadOnlyList<string> Terms, bool IsCandidate, bool IsGreeting)
{
    /// <summary>Whitespace-separated words, used for length bonuses and penalties.</summary>
    public int WordCount { get; } = TextAnalysis.WordCount(Text);
}
