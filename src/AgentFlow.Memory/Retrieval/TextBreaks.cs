namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// The places a text may be cut: every start of a word that follows white space, graded by what the white space
/// separates — words, lines, sentences (after <c>. ! ?</c>, or before a list item) or paragraphs (a blank line, or a
/// line that starts a Markdown heading) — and the end of every CJK sentence (<c>。！？</c>), which needs no space.
/// </summary>
internal sealed class TextBreaks
{
    public const byte Word = 1;
    public const byte Line = 2;
    public const byte Sentence = 3;
    public const byte Paragraph = 4;

    private readonly List<int> _positions = [];
    private readonly List<byte> _strengths = [];

    private TextBreaks()
    {
    }

    public static TextBreaks Find(string text)
    {
        var breaks = new TextBreaks();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                // Chinese and Japanese end sentences without a following space.
                if (text[i] is '\u3002' or '\uFF01' or '\uFF1F' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
                {
                    breaks._positions.Add(i + 1);
                    breaks._strengths.Add(Sentence);
                }

                i++;
                continue;
            }

            var space = i;
            var newlines = 0;
            for (; i < text.Length && char.IsWhiteSpace(text[i]); i++)
            {
                newlines += text[i] == '\n' ? 1 : 0;
            }

            if (space > 0 && i < text.Length)
            {
                breaks._positions.Add(i);
                breaks._strengths.Add(Grade(text, space, i, newlines));
            }
        }

        return breaks;
    }

    /// <summary>The strongest break in [<paramref name="from"/>, <paramref name="to"/>], the latest of equals; null if none.</summary>
    public int? Strongest(int from, int to)
    {
        int? best = null;
        byte strength = 0;
        for (var k = First(from); k < _positions.Count && _positions[k] <= to; k++)
        {
            if (_strengths[k] >= strength)
            {
                (best, strength) = (_positions[k], _strengths[k]);
            }
        }

        return best;
    }

    /// <summary>The first break in [<paramref name="from"/>, <paramref name="to"/>] at least as strong as <paramref name="minimum"/>; null if none.</summary>
    public int? Earliest(int from, int to, byte minimum)
    {
        for (var k = First(from); k < _positions.Count && _positions[k] <= to; k++)
        {
            if (_strengths[k] >= minimum)
            {
                return _positions[k];
            }
        }

        return null;
    }

    private static byte Grade(string text, int space, int next, int newlines)
    {
        if (newlines >= 2 || (newlines == 1 && text[next] == '#'))
        {
            return Paragraph;
        }

        if (EndsSentence(text, space) || (newlines == 1 && StartsListItem(text, next)))
        {
            return Sentence;
        }

        return newlines == 1 ? Line : Word;
    }

    private static bool EndsSentence(string text, int space)
    {
        // Look through closing quotes and brackets: 'He said "stop."' ends a sentence.
        var k = space - 1;
        while (k > 0 && text[k] is '"' or '\'' or ')' or ']' or '\u201D' or '\u2019' or '\u00BB' or '*' or '_')
        {
            k--;
        }

        return text[k] is '.' or '!' or '?' or '\u2026' or '\u3002';
    }

    private static bool StartsListItem(string text, int next) =>
        (text[next] is '-' or '*' or '+' && next + 1 < text.Length && text[next + 1] == ' ') || char.IsAsciiDigit(text[next]);

    private int First(int from)
    {
        var index = _positions.BinarySearch(from);
        return index < 0 ? ~index : index;
    }
}
