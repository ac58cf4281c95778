using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Local;

/// <summary>
/// Reads classification rules written in a prompt and picks the label whose keywords best match the content.
/// Understood forms: list lines <c>- refund: refund, money back, return</c>; conditions
/// <c>"billing" if it mentions invoice or payment</c>; lists after "categories"/"labels"/"one of" such as
/// <c>billing (invoices, charges), support (bugs, errors)</c> or <c>category (billing, support or other)</c>; and a
/// fallback <c>otherwise general</c>, <c>default: general</c> or a rule whose keywords say "anything else".
/// </summary>
internal static partial class RuleClassifier
{
    private const double CapPerKeyword = 3;

    private static readonly string[] Generic = ["category", "categories", "label", "labels", "class", "classes", "one", "type", "types", "its", "intent", "intents"];

    /// <summary>Finds the rules in the given texts (agent instructions and prompt).</summary>
    public static (IReadOnlyList<ClassificationRule> Rules, string? Default) Parse(string text)
    {
        var rules = new List<ClassificationRule>();
        string? fallback = null;
        foreach (Match match in RuleLine().Matches(text))
        {
            Add(rules, match.Groups["label"].Value, match.Groups["kws"].Value, ref fallback);
        }

        foreach (Match match in Condition().Matches(text))
        {
            Add(rules, match.Groups["label"].Value, match.Groups["kws"].Value, ref fallback);
        }

        foreach (var sentence in text.Split('\n').SelectMany(TextAnalysis.SplitSentences).Where(s => ListIntro().IsMatch(s)))
        {
            foreach (Match match in Parenthesised().Matches(sentence))
            {
                if (!Generic.Contains(match.Groups["label"].Value.ToLowerInvariant()) && SplitKeywords(match.Groups["kws"].Value).Count >= 2)
                {
                    Add(rules, match.Groups["label"].Value, match.Groups["kws"].Value, ref fallback);
                }
            }

            foreach (var label in SplitKeywords(ListIntro().Match(sentence).Groups["list"].Value).Where(l => !l.Contains(' ', StringComparison.Ordinal)))
            {
                Add(rules, label, string.Empty, ref fallback);
            }
        }

        var stated = Fallback().Match(text);
        return (rules, stated.Success ? Unquote(stated.Groups["label"].Value) : fallback);
    }

    /// <summary>True for a list line that states a rule, so the prompt parser keeps it out of the content.</summary>
    public static bool IsRuleLine(string line) => RuleLine().IsMatch(line) || Condition().IsMatch(line);

    /// <summary>
    /// Picks one of <paramref name="labels"/> by keyword score against the content; ties keep the earlier label, and
    /// with no match at all the stated default (when it is one of the labels) or else the first label wins.
    /// </summary>
    public static string Choose(IReadOnlyList<string> labels, IReadOnlyList<ClassificationRule> rules, string? fallback, ContentIndex content)
    {
        var best = (Label: (string?)null, Score: 0.0);
        foreach (var label in labels)
        {
            var rule = rules.FirstOrDefault(r => string.Equals(r.Label, label, StringComparison.OrdinalIgnoreCase));
            var score = Score([label, .. rule?.Keywords ?? []], content);
            if (score > best.Score)
            {
                best = (label, score);
            }
        }

        return best.Label
            ?? labels.FirstOrDefault(l => string.Equals(l, fallback, StringComparison.OrdinalIgnoreCase))
            ?? labels[0];
    }

    /// <summary>Sums how often each keyword occurs (capped per keyword); a phrase scores by the share of its words found.</summary>
    public static double Score(IEnumerable<string> keywords, ContentIndex content)
    {
        var total = 0.0;
        foreach (var keyword in keywords)
        {
            var terms = TextAnalysis.Terms(keyword);
            if (terms.Count == 0)
            {
                continue;
            }

            var counts = terms.Select(t => Math.Min(CapPerKeyword, content.Frequency(t))).ToList();
            var found = counts.Count(c => c > 0);
            total += counts.Sum() / terms.Count * found / terms.Count;
        }

        return total;
    }

    private static void Add(List<ClassificationRule> rules, string label, string keywords, ref string? fallback)
    {
        label = Unquote(label);
        var list = SplitKeywords(keywords);
        if (list.RemoveAll(k => CatchAll().IsMatch(k)) > 0)
        {
            fallback ??= label;
        }

        var index = rules.FindIndex(r => string.Equals(r.Label, label, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            rules.Add(new ClassificationRule(label, list));
        }
        else if (list.Count > 0)
        {
            rules[index] = rules[index] with { Keywords = [.. rules[index].Keywords, .. list] };
        }
    }

    private static List<string> SplitKeywords(string text) =>
        [.. Separators().Split(text).Select(k => Unquote(FillerWords().Replace(k, " ").Trim())).Where(k => k.Length > 0)];

    private static string Unquote(string text) => text.Trim().Trim('"', '\'', '“', '”', '‘', '’', '`', '*').Trim();

    [GeneratedRegex(@"^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]*[""'“`*]*(?<label>\p{L}[\p{L}\p{N}_-]*)[""'”`*]*[ \t]*(?::|->|=>|=)[ \t]*(?<kws>[^\n]+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"[""'“`]?(?<label>\p{L}[\p{L}\p{N}_-]*)[""'”`]?\s+(?:if|when)\s+(?:it|they|the\s+\w+|this\s+\w+)?\s*(?:mentions?|contains?|is\s+about|talks\s+about|refers\s+to|asks\s+about|concerns?|includes?)\s+(?<kws>[^.;\n]+?)(?=[.;\n]|$|,?\s*(?:otherwise|else)\b|,\s*(?:and\s+)?[""'“`]?\p{L}[\p{L}\p{N}_-]*[""'”`]?\s+(?:if|when)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Condition();

    [GeneratedRegex(@"\b(?:categor(?:y|ies)|labels?|class(?:es)?|intents?|one\s+of)\b[^(:\n]{0,20}[(:][ \t]*(?<list>[^().:\n]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListIntro();

    [GeneratedRegex(@"(?<label>\p{L}[\p{L}\p{N}_-]*)\s*\((?<kws>[^()]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"\b(?:otherwise|defaults?(?:\s+to)?|fall\s+back\s+to|if\s+none\s+(?:apply|applies|match(?:es)?))\s*[:,]?\s*(?:(?:use|answer|return|say|choose|pick|it\s+is)\s+)?(?<label>[""'“`]?\p{L}[\p{L}\p{N}_-]*[""'”`]?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Fallback();

    [GeneratedRegex(@"\s*(?:,|;|/|\bor\b|\band\b)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    [GeneratedRegex(@"\b(?:e\.g\.?|i\.e\.?|etc\.?|such as|for example|like)(?:\s|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FillerWords();

    [GeneratedRegex(@"\b(?:anything|everything|all)\s+(?:else|other)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CatchAll();
}
