using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Local;

/// <summary>Culture-invariant text primitives: segments, sentences, word tokens, light stemming and stopwords.</summary>
internal static partial class TextAnalysis
{
    private static readonly FrozenSet<string> Stopwords = FrozenSet.ToFrozenSet(
        """
        a about above after again against all also am an and any are as at be because been before being below between
        both but by can could did do does doing during each either else etc even ever every few for from further had has
        have having he her here hers him his how however i if in into is it its itself just may me might more most much
        must my no nor not now of off on once only or other our ours out over own per please same shall she should so
        some such than that the their theirs them then there these they this those through to too under until up upon
        us very via was we were what when where whether which while who whom whose why will with within without would
        yet you your yours hello hi hey dear thanks thank regards best kind welcome get got like many said says since
        still well let lot one ones new make made use used s t
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    // Words that end in "s" but are not plurals.
    private static readonly FrozenSet<string> KeepS = FrozenSet.ToFrozenSet(
        ["news", "series", "species", "always", "perhaps", "across", "whereas", "sometimes", "analytics", "physics", "lens"],
        StringComparer.Ordinal);

    private static readonly FrozenSet<string> Abbreviations = FrozenSet.ToFrozenSet(
        ["mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "inc", "ltd", "co", "jr", "sr", "no", "fig", "e.g", "i.e",
         "approx", "dept", "cf", "al"],
        StringComparer.Ordinal);

    /// <summary>True for function words that carry no topic.</summary>
    public static bool IsStopword(string lowerWord) => Stopwords.Contains(lowerWord);

    /// <summary>
    /// Splits text into segments: paragraphs with hard-wrapped lines joined again, while list items, <c>Key: value</c>
    /// lines and short lines (salutations, signatures) stay on their own.
    /// </summary>
    public static IEnumerable<(string Text, int Paragraph)> Segments(string text)
    {
        var paragraphs = Paragraphs(text);
        for (var p = 0; p < paragraphs.Length; p++)
        {
            var current = new StringBuilder();
            var previous = string.Empty;
            foreach (var raw in paragraphs[p].Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                // A "Key: value" line is a record of its own on either side: the line after "Title: ..." is not its tail.
                var joins = current.Length > 0 && previous.Length >= 60 && !EndsSentence(previous) && !IsListItem(line)
                    && !IsFieldLine(line) && !IsFieldLine(previous);
                if (!joins && current.Length > 0)
                {
                    yield return (current.ToString(), p);
                    current.Clear();
                }

                current.Append(current.Length > 0 ? " " : string.Empty).Append(line);
                previous = line;
            }

            if (current.Length > 0)
            {
                yield return (current.ToString(), p);
            }
        }
    }

    /// <summary>Splits text at blank lines (which may hold spaces), after normalising line ends.</summary>
    public static string[] Paragraphs(string text) =>
        [.. BlankLine().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Where(p => p.Trim().Length > 0)];

    /// <summary>Splits one segment into sentences at <c>. ! ?</c> followed by a capital, digit or quote.</summary>
    public static List<string> SplitSentences(string segment)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] is not ('.' or '!' or '?'))
            {
                continue;
            }

            var end = i + 1;
            while (end < segment.Length && segment[end] is '"' or '\'' or ')' or ']' or '”' or '’')
            {
                end++;
            }

            var next = end;
            while (next < segment.Length && char.IsWhiteSpace(segment[next]))
            {
                next++;
            }

            if (next == end || next >= segment.Length || !StartsSentence(segment[next])
                || (segment[i] == '.' && IsAbbreviation(segment, i)))
            {
                continue;
            }

            sentences.Add(segment[start..end].Trim());
            start = next;
            i = next - 1;
        }

        if (start < segment.Length && segment[start..].Trim() is { Length: > 0 } rest)
        {
            sentences.Add(rest);
        }

        return sentences;
    }

    /// <summary>The word tokens of a text; e-mail addresses and URLs stay whole.</summary>
    public static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value);

    /// <summary>The lower-case, lightly stemmed topic terms of a text, without stopwords, numbers, e-mails or URLs.</summary>
    public static List<string> Terms(string text) =>
        [.. Words(text).Select(w => w.ToLowerInvariant()).Where(IsTopicWord).Select(Stem)];

    /// <summary>True for a lower-case word that can carry a topic.</summary>
    public static bool IsTopicWord(string lower) =>
        !IsStopword(lower) && lower.Any(char.IsLetter) && !lower.Contains('@', StringComparison.Ordinal)
        && !lower.Contains("://", StringComparison.Ordinal) && (lower.Length > 1);

    /// <summary>Removes a possessive and a plural ending, so that "workflows" and "workflow" count as one term.</summary>
    public static string Stem(string lower)
    {
        var w = lower.EndsWith("'s", StringComparison.Ordinal) || lower.EndsWith("’s", StringComparison.Ordinal) ? lower[..^2] : lower;
        if (w.Length <= 3 || KeepS.Contains(w) || !w.EndsWith('s') || w.EndsWith("ss", StringComparison.Ordinal)
            || w.EndsWith("us", StringComparison.Ordinal) || w.EndsWith("is", StringComparison.Ordinal))
        {
            return w;
        }

        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            return w[..^3] + "y";
        }

        return w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal)
            || w.EndsWith("xes", StringComparison.Ordinal) || w.EndsWith("sses", StringComparison.Ordinal) ? w[..^2] : w[..^1];
    }

    /// <summary>Splits an identifier such as <c>replyTo</c> or <c>suggested_amount</c> into lower-case words.</summary>
    public static List<string> IdentifierWords(string name) =>
        [.. IdentifierPart().Matches(name).Select(m => m.Value.ToLowerInvariant())];

    /// <summary>True for a <c>Key: value</c> line such as <c>From: Ana &lt;ana@example.com&gt;</c> or <c>Title: ...</c>.</summary>
    public static bool IsFieldLine(string line) => FieldLine().IsMatch(line);

    /// <summary>True for a bulleted or numbered list item.</summary>
    public static bool IsListItem(string line) => ListItem().IsMatch(line);

    /// <summary>The line without its leading bullet or number.</summary>
    public static string WithoutListMarker(string line) => ListItem().Replace(line, string.Empty, 1);

    /// <summary>Counts whitespace-separated words.</summary>
    public static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static bool EndsSentence(string line) => line[^1] is '.' or '!' or '?' or ':' or ';';

    private static bool StartsSentence(char c) => char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\'' or '(' or '[' or '“' or '-' or '<';

    private static bool IsAbbreviation(string text, int dot)
    {
        var start = dot;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }

        var word = text[start..dot].ToLowerInvariant();
        return word.Length == 1 || Abbreviations.Contains(word);
    }

    [GeneratedRegex(@"\n[ \t]*\n\s*", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s<>""')\]]+|[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPart();

    [GeneratedRegex(@"^[A-Z][\w-]*(?: [\w-]+){0,2}:\s+\S", RegexOptions.CultureInvariant)]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^(?:[-*•]|\d{1,2}[.)])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();
}
