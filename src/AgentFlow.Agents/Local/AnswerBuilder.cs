using System.Globalization;
using System.Net;
using System.Text;

namespace AgentFlow.Agents.Local;

/// <summary>Composes the answers the local model can give, from one parsed prompt and its analysed content.</summary>
internal sealed class AnswerBuilder(ParsedPrompt prompt, ContentIndex index, IReadOnlyList<ClassificationRule> rules, string? fallbackLabel)
{
    /// <summary>Sentences in a summary when the instruction states no count.</summary>
    public const int DefaultSentences = 3;

    /// <summary>Terms in a keyword answer when the instruction states no count.</summary>
    public const int DefaultKeywords = 5;

    /// <summary>The parsed prompt.</summary>
    public ParsedPrompt Prompt => prompt;

    /// <summary>The analysed content.</summary>
    public ContentIndex Index => index;

    /// <summary>The plain-text answer for the recognised task.</summary>
    public string Answer(int? budget) => prompt.Task switch
    {
        LocalTask.Greeting => Greeting(budget),
        LocalTask.Keywords => string.Join(", ", Keywords(prompt.ItemCount ?? DefaultKeywords)),
        LocalTask.Classify => Classify(),
        LocalTask.Title => Title(),
        _ => Summary(prompt.SentenceCount ?? DefaultSentences, budget),
    };

    /// <summary>An extractive summary of up to <paramref name="sentences"/> sentences within the budget.</summary>
    public string Summary(int sentences, int? budget) =>
        ExtractiveSummarizer.Summarise(index, sentences, Budget(budget));

    /// <summary>"Hello Ana!" (plus the content's own "Welcome to ..." line), then a summary filling the sentence count.</summary>
    public string Greeting(int? budget)
    {
        var line = $"Hello {prompt.Name ?? "there"}!";
        var welcome = index.Sentences.FirstOrDefault(s => s.IsGreeting && s.Text.StartsWith("Welcome", StringComparison.OrdinalIgnoreCase));
        line += welcome is null ? string.Empty : " " + welcome.Text;
        if (prompt.ContentFromInstructions)
        {
            return line;
        }

        var rest = Budget(budget) is { } b ? b - TokenCounter.Count(line) : (int?)null;
        var summary = ExtractiveSummarizer.Summarise(index, Math.Max(1, (prompt.SentenceCount ?? DefaultSentences) - 1), rest);
        return summary.Length == 0 ? line : line + " " + summary;
    }

    /// <summary>Key terms of the content.</summary>
    public IReadOnlyList<string> Keywords(int count) => KeywordExtractor.Extract(index, count);

    /// <summary>The best-matching rule label (or the stated default); the top key term when the prompt states no rules.</summary>
    public string Classify()
    {
        var labels = rules.Select(r => r.Label).ToList();
        if (fallbackLabel is not null && !labels.Contains(fallbackLabel, StringComparer.OrdinalIgnoreCase))
        {
            labels.Add(fallbackLabel);
        }

        return labels.Count > 0 ? Choose(labels) : Keywords(1) is [var top, ..] ? top : string.Empty;
    }

    /// <summary>One of <paramref name="labels"/> by rule keywords and overlap with the content.</summary>
    public string Choose(IReadOnlyList<string> labels) => RuleClassifier.Choose(labels, rules, fallbackLabel, index);

    /// <summary>
    /// A title: a <c>Title:</c>/<c>Subject:</c> field of the content, else the best sentence when it is short, else its
    /// first clause of 4-12 words, else the top key terms in title case.
    /// </summary>
    public string Title(int maxWords = 12)
    {
        var field = ContentFields.FieldValue(index.Text, "title") ?? ContentFields.FieldValue(index.Text, "subject");
        if (field is not null)
        {
            return field;
        }

        var best = ExtractiveSummarizer.Rank(index) is [var top, ..] ? top.Text.TrimEnd('.', '!', '?', ' ') : string.Empty;
        if (TextAnalysis.WordCount(best) <= maxWords)
        {
            return best;
        }

        var clause = ((string[])[" (", ",", ";", ": ", " - ", " — ", " that ", " which ", " because ", " after ", " when ", " while "])
            .Select(cut => best.IndexOf(cut, StringComparison.Ordinal))
            .Where(at => at > 0 && TextAnalysis.WordCount(best[..at]) is >= 4 and var words && words <= maxWords)
            .DefaultIfEmpty(-1).Min();
        if (clause > 0)
        {
            return best[..clause];
        }

        var terms = Keywords(3).Select(k => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(k)).ToList();
        return terms.Count < 2 ? string.Join(" ", terms) : string.Join(", ", terms[..^1]) + " and " + terms[^1];
    }

    /// <summary>The summary as HTML: an <c>h1</c> title, then one <c>p</c> per source paragraph; all text escaped.</summary>
    public string Html(int sentences, int? budget)
    {
        var html = new StringBuilder();
        var title = Title();
        var bodyBudget = Budget(budget) is { } b ? b - TokenCounter.Count(title) - 2 : (int?)null;
        if (title.Length > 0)
        {
            html.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        }

        foreach (var paragraph in ExtractiveSummarizer.Select(index, sentences, bodyBudget).GroupBy(s => s.Paragraph))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(string.Join(" ", paragraph.Select(s => ExtractiveSummarizer.Capitalised(s.Text))))).Append("</p>\n");
        }

        return html.ToString().TrimEnd('\n');
    }

    private int? Budget(int? budget)
    {
        var words = prompt.WordLimit is { } limit ? (limit * 4 + 2) / 3 : (int?)null;
        return (budget, words) switch
        {
            (null, null) => null,
            ({ } a, { } w) => Math.Min(a, w),
            _ => budget ?? words,
        };
    }
}
