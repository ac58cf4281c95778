namespace AgentFlow.Agents.Local;

/// <summary>The analysed content: sentences, weighted term frequencies and a readable form of every term.</summary>
internal sealed class ContentIndex
{
    private const double ContextWeight = 0.5;
    private const double FocusBonus = 1.0;

    private static readonly string[] GreetingOpeners = ["hello", "hi", "hey", "dear", "welcome", "greetings", "good morning", "good afternoon", "good evening"];

    private readonly Dictionary<string, double> weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> display = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> bigrams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> firstSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> joinedPairs = new(StringComparer.Ordinal);
    private readonly List<Sentence> sentences = [];

    private ContentIndex(string text) => Text = text;

    /// <summary>The prompt's content as one text (without context passages), for field and number look-ups.</summary>
    public string Text { get; }

    /// <summary>All sentences in order.</summary>
    public IReadOnlyList<Sentence> Sentences => sentences;

    /// <summary>Weighted frequency of each stemmed term.</summary>
    public IReadOnlyDictionary<string, double> Weights => weights;

    /// <summary>Weighted frequency of adjacent term pairs ("semantic cache"), keyed by the two stems.</summary>
    public IReadOnlyDictionary<string, double> Bigrams => bigrams;

    /// <summary>Builds the index; <paramref name="focus"/> terms (from the instruction) weigh a little more.</summary>
    public static ContentIndex Build(IReadOnlyList<string> content, IReadOnlyList<string> context, IEnumerable<string> focus)
    {
        var index = new ContentIndex(string.Join("\n\n", content));
        var paragraph = 0;
        foreach (var block in content)
        {
            paragraph = index.Add(block, 1.0, paragraph);
        }

        foreach (var passage in context)
        {
            paragraph = index.Add(passage ?? string.Empty, ContextWeight, paragraph);
        }

        foreach (var term in focus.Distinct(StringComparer.Ordinal))
        {
            if (index.weights.TryGetValue(term, out var weight))
            {
                index.weights[term] = weight + FocusBonus;
            }
        }

        return index;
    }

    /// <summary>How often a term (or a longer term it begins, such as "charged" for "charge") occurs, weighted.</summary>
    public double Frequency(string stem)
    {
        if (weights.TryGetValue(stem, out var exact))
        {
            return exact;
        }

        var total = joinedPairs.Contains(stem) ? 1.0 : 0.0;
        if (stem.Length >= 4)
        {
            total += weights.Where(w => w.Key.StartsWith(stem, StringComparison.Ordinal) && w.Key.Length - stem.Length <= 3).Sum(w => w.Value);
        }

        return total;
    }

    /// <summary>A readable form of a stem: its shortest spelling in the content, keeping acronyms and brand casing.</summary>
    public string Display(string stem) => display.TryGetValue(stem, out var form) ? form : stem;

    /// <summary>Position of a term's first occurrence, for stable tie-breaking.</summary>
    public int FirstSeen(string stem) => firstSeen.TryGetValue(stem, out var order) ? order : int.MaxValue;

    private int Add(string block, double weight, int paragraphBase)
    {
        var last = paragraphBase;
        foreach (var (segment, paragraph) in TextAnalysis.Segments(block))
        {
            last = paragraphBase + paragraph + 1;
            var split = TextAnalysis.SplitSentences(TextAnalysis.WithoutListMarker(segment));
            var field = TextAnalysis.IsFieldLine(segment) && split.Count == 1;
            foreach (var text in split)
            {
                var terms = TextAnalysis.Terms(text);
                var lower = text.ToLowerInvariant();
                var greeting = GreetingOpeners.Any(g => lower.StartsWith(g, StringComparison.Ordinal)
                    && (lower.Length == g.Length || !char.IsLetter(lower[g.Length])));
                var candidate = !field && !greeting && !text.EndsWith(':') && TextAnalysis.WordCount(text) >= 4 && terms.Count > 0;
                sentences.Add(new Sentence(text, sentences.Count, last, weight, terms, candidate, greeting));
                Count(text, weight);
            }
        }

        return last;
    }

    private void Count(string text, double weight)
    {
        string? previous = null;
        var previousWord = string.Empty;
        foreach (var word in TextAnalysis.Words(text))
        {
            var lower = word.ToLowerInvariant();
            joinedPairs.Add(previousWord + lower); // so that the keyword "login" also matches "log in"
            previousWord = lower;
            if (!TextAnalysis.IsTopicWord(lower))
            {
                previous = null;
                continue;
            }

            var stem = TextAnalysis.Stem(lower);
            weights[stem] = weights.GetValueOrDefault(stem) + weight;
            firstSeen.TryAdd(stem, firstSeen.Count);
            var form = word.Skip(1).Any(char.IsUpper) ? word : lower;
            if (!display.TryGetValue(stem, out var known) || form.Length < known.Length)
            {
                display[stem] = form;
            }

            if (previous is not null)
            {
                var pair = previous + " " + stem;
                bigrams[pair] = bigrams.GetValueOrDefault(pair) + weight;
            }

            previous = stem;
        }
    }
}
