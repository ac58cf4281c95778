using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Local;

/// <summary>
/// Finds what a mail asks for and says it back to its sender in the second person, as a reply restates a request:
/// "Could you refund the duplicate payment and send us a receipt?" becomes "You asked us to refund the duplicate
/// payment and send you a receipt." Polite requests ("could you", "please") win over wishes ("we would appreciate"),
/// needs ("I need") and other questions; without any, null (the caller falls back to a summary).
/// </summary>
internal static partial class RequestRestater
{
    private static readonly Dictionary<string, string> Swaps = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = "you", ["me"] = "you", ["my"] = "your", ["mine"] = "yours", ["myself"] = "yourself", ["am"] = "are",
        ["we"] = "you", ["us"] = "you", ["our"] = "your", ["ours"] = "yours", ["ourselves"] = "yourselves",
        ["you"] = "we", ["your"] = "our", ["yours"] = "ours", ["i'm"] = "you're", ["we're"] = "you're", ["i've"] = "you've",
        ["we've"] = "you've", ["you're"] = "we're",
    };

    /// <summary>The request of the content's sentences, restated; null when none reads as a request.</summary>
    public static string? Restate(IReadOnlyList<Sentence> sentences)
    {
        var texts = sentences.Where(s => s.IsCandidate && s.Weight >= 1).Select(s => s.Text.Trim()).ToList();
        foreach (var (pattern, lead) in (ReadOnlySpan<(Regex, string)>)[(Polite(), "You asked us to "), (Please(), "You asked us to "), (Wish(), "You asked us for "), (Need(), "You need ")])
        {
            // The last request of its kind: mails tend to close with what they actually want.
            if (texts.Select(t => pattern.Match(t)).LastOrDefault(m => m.Success) is { } match)
            {
                return lead + Swap(match.Groups["rest"].Value) + ".";
            }
        }

        return texts.LastOrDefault(t => t.EndsWith('?')) is { } question ? Capital(Swap(question)) + "." : null;
    }

    // Turns the sender's point of view into the replier's: "my account" -> "your account", "let us know" -> "let you know".
    private static string Swap(string text)
    {
        return Word().Replace(text.Trim().TrimEnd('.', '?', '!', ' '), m =>
            Swaps.TryGetValue(m.Value, out var other) ? (char.IsUpper(m.Value[0]) && m.Value != "I" ? Capital(other) : other) : m.Value);
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"\b(?:could|can|would|will)\s+(?:you|someone|somebody|anyone|one of you)\s+(?:please\s+|kindly\s+)?(?<rest>[^?]+)\?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Polite();

    [GeneratedRegex(@"(?:^|[,;]\s*)(?:please|kindly)\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Please();

    [GeneratedRegex(@"\b(?:we|i)\s+would\s+(?:appreciate|welcome)\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wish();

    [GeneratedRegex(@"\b(?:we|i)\s+(?:urgently\s+)?need\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Need();

    [GeneratedRegex(@"\b[\p{L}']+\b", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
