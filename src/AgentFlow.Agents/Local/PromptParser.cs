using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Local;

/// <summary>
/// Splits a prompt into instruction and content. Per paragraph, leading sentences that start with an imperative verb
/// ("Write", "Summarise", "List", "Classify", "Return", ...) or a wh-question are instructions; so is the text before
/// the colon of a short "Summarise: ..." line, and rule bullets after an instruction ending in ':'. When nothing led a
/// paragraph, trailing imperative sentences of the last paragraph are taken instead. Everything else is content.
/// </summary>
internal static partial class PromptParser
{
    private static readonly FrozenSet<string> Verbs = FrozenSet.ToFrozenSet(
        """
        write summarise summarize list extract classify categorise categorize draft give return generate create compose
        describe explain tell provide produce answer reply respond rewrite assess recommend identify find suggest greet
        introduce make pick choose select rate determine outline condense shorten keep use include sign decide convert
        prepare highlight avoid do don't never always be translate analyse analyze evaluate propose fill detect welcome
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    private static readonly FrozenSet<string> Lead = FrozenSet.ToFrozenSet(["please", "now", "then", "also", "finally", "kindly", "next"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Questions = FrozenSet.ToFrozenSet(["what", "which", "how", "why", "who"], StringComparer.Ordinal);

    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    /// <summary>Parses a prompt; <paramref name="system"/> (the agent's instructions) only helps to recognise the task.</summary>
    public static ParsedPrompt Parse(string prompt, string? system)
    {
        var instructions = new List<string>();
        var content = new List<string>();
        var blocks = TextAnalysis.Paragraphs(prompt);
        for (var b = 0; b < blocks.Length; b++)
        {
            var rest = TakeLeadingInstructions(blocks[b], instructions, firstBlock: b == 0);
            if (rest.Trim().Length > 0)
            {
                content.Add(rest.Trim('\n'));
            }
        }

        if (instructions.Count == 0 && content.Count > 0)
        {
            var sentences = TextAnalysis.Segments(content[^1]).SelectMany(s => TextAnalysis.SplitSentences(s.Text)).ToList();
            var keep = sentences.Count;
            while (keep > 0 && IsInstruction(sentences[keep - 1], anyCase: false))
            {
                keep--;
            }

            if (keep < sentences.Count)
            {
                instructions.AddRange(sentences[keep..]);
                content[^1] = string.Join(" ", sentences[..keep]);
                content.RemoveAll(c => c.Length == 0);
            }
        }

        var asked = string.Join(" ", instructions);
        var fromInstructions = content.Count == 0 && instructions.Count > 0;
        if (fromInstructions)
        {
            content.Add(string.Join(" ", instructions.Select(StripVerb)));
        }

        return new ParsedPrompt(
            instructions, content, DetectTask(asked) ?? DetectTask(system ?? string.Empty) ?? LocalTask.Summarise,
            SentenceCount(asked), Count(ItemCountPattern().Match(asked)), Count(WordLimitPattern().Match(asked)),
            GreetingName(asked, string.Join("\n", content)), fromInstructions);
    }

    /// <summary>Reads a sentence count from text such as "in two or three sentences" (the upper bound) or "one paragraph".</summary>
    public static int? SentenceCount(string text)
    {
        var match = SentenceCountPattern().Match(text);
        if (match.Success)
        {
            return Count(match);
        }

        var paragraphs = ParagraphPattern().Match(text);
        return paragraphs.Success ? 3 * (Number(paragraphs.Groups["n"].Value) ?? 1) : null;
    }

    private static string TakeLeadingInstructions(string block, List<string> instructions, bool firstBlock)
    {
        var lines = block.Split('\n').ToList();
        var listFollows = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (listFollows && RuleClassifier.IsRuleLine(line))
            {
                instructions.Add(line);
                continue;
            }

            var sentences = TextAnalysis.SplitSentences(line);
            var taken = 0;
            while (taken < sentences.Count && IsInstruction(sentences[taken], anyCase: firstBlock && i == 0 && taken == 0))
            {
                var sentence = sentences[taken];
                var colon = sentence.IndexOf(':', StringComparison.Ordinal);
                var after = colon < 0 ? string.Empty : sentence[(colon + 1)..].TrimStart();
                if (after.Length > 0 && TextAnalysis.WordCount(sentence[..colon]) <= 8 && (char.IsUpper(after[0]) || char.IsDigit(after[0])))
                {
                    // "Summarise: The Fed raised rates ..." - the article starts after the colon.
                    instructions.Add(sentence[..(colon + 1)]);
                    sentences[taken] = after;
                    break;
                }

                instructions.Add(sentence);
                taken++;
            }

            if (taken < sentences.Count || (taken == 0 && line.Length > 0))
            {
                lines[i] = string.Join(" ", sentences[taken..]);
                return string.Join("\n", lines.Skip(i));
            }

            listFollows = line.EndsWith(':');
        }

        return string.Empty;
    }

    private static bool IsInstruction(string sentence, bool anyCase)
    {
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var first = 0;
        while (first < words.Length - 1 && Lead.Contains(words[first].ToLowerInvariant().TrimEnd(',')))
        {
            first++;
        }

        if (words.Length == 0 || (!anyCase && !char.IsUpper(words[0][0])))
        {
            return false;
        }

        var word = words[first].ToLowerInvariant().TrimEnd(',', ':', '.');
        return (Verbs.Contains(word) && !(word == "welcome" && words.Length > first + 1 && words[first + 1] == "to"))
            || (Questions.Contains(word) && sentence.EndsWith('?'));
    }

    private static string StripVerb(string instruction)
    {
        var words = instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(w => Lead.Contains(w.ToLowerInvariant()) || Verbs.Contains(w.ToLowerInvariant().TrimEnd(':'))).ToList();
        var text = string.Join(" ", words).TrimEnd(':');
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? string.Empty : ".");
    }

    private static LocalTask? DetectTask(string text) => text.ToLowerInvariant() switch
    {
        var t when GreetingPattern().IsMatch(t) => LocalTask.Greeting,
        var t when ClassifyPattern().IsMatch(t) => LocalTask.Classify,
        var t when t.Contains("summar", StringComparison.Ordinal) => LocalTask.Summarise,
        var t when KeywordsPattern().IsMatch(t) => LocalTask.Keywords,
        var t when TitlePattern().IsMatch(t) => LocalTask.Title,
        _ => null,
    };

    private static string? GreetingName(string instruction, string content)
    {
        foreach (var match in (IEnumerable<Match>)[NameInInstruction().Match(instruction), NameInContent().Match(content)])
        {
            var name = match.Groups["name"].Value;
            if (match.Success && !TextAnalysis.IsStopword(name.ToLowerInvariant()))
            {
                return name;
            }
        }

        return null;
    }

    private static int? Count(Match match) =>
        match.Success ? Number(match.Groups["m"].Success ? match.Groups["m"].Value : match.Groups["n"].Value) : null;

    private static int? Number(string word)
    {
        var lower = word.ToLowerInvariant();
        var index = Array.IndexOf(Numbers, lower is "a" or "an" or "single" ? "one" : lower);
        return index >= 0 ? index
            : int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private const string N = @"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a|an|single)";

    [GeneratedRegex(@"\b(?<n>" + N + @")(?:\s*(?:or|to|-)\s*(?<m>" + N + @"))?[\s-]+(?:(?:short|brief|full|complete|concise|single)\s+)?sentences?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SentenceCountPattern();

    [GeneratedRegex(@"\b(?<n>" + N + @")[\s-]+(?:(?:short|brief)\s+)?paragraphs?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphPattern();

    [GeneratedRegex(@"\b(?<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?(?:keywords|key\s+words|topics|tags|terms|points|items|labels)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItemCountPattern();

    [GeneratedRegex(@"\b(?:in|under|within|at most|no more than|maximum of|max\.?)\s+(?<n>\d{1,4})\s+words\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WordLimitPattern();

    [GeneratedRegex(@"\b(?:greet|greeting|welcome|say hello)", RegexOptions.CultureInvariant)]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(@"\b(?:classif|categori[sz]e|which category|what category|which label|what label|triage|if (?:it|they|the \w+) (?:mentions?|contains?|is about))", RegexOptions.CultureInvariant)]
    private static partial Regex ClassifyPattern();

    [GeneratedRegex(@"\b(?:keywords?|key words|key terms|topics|tags|hashtags)\b", RegexOptions.CultureInvariant)]
    private static partial Regex KeywordsPattern();

    [GeneratedRegex(@"\b(?:subject|title|headline|heading)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"(?i:\b(?:greeting|greet|welcome|hello|hi)\s+(?:message\s+|note\s+)?)(?:(?i:for|to)\s+(?<name>\p{L}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)?)|(?<name>\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)?))", RegexOptions.CultureInvariant)]
    private static partial Regex NameInInstruction();

    [GeneratedRegex(@"\b(?:Hello|Hi|Hey|Dear)\s+(?<name>\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)?)", RegexOptions.CultureInvariant)]
    private static partial Regex NameInContent();
}
