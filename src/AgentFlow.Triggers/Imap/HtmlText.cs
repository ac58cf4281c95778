using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AgentFlow.Triggers.Imap;

/// <summary>
/// Turns an HTML mail body into text a model or a template can read: block elements become line breaks, list items
/// dashes, table cells are separated by " | ", links keep their target as "text (url)", scripts and styles are
/// dropped and entities decoded (by AngleSharp's HTML5 parser, which copes with the tag soup mail clients send).
/// </summary>
internal static partial class HtmlText
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "script", "style", "head", "title", "noscript", "template", "svg", "object", "iframe",
    };

    // Blocks separated by a blank line; other blocks by a line break.
    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "figure",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.Ordinal)
    {
        "div", "section", "article", "header", "footer", "main", "nav", "aside", "address", "li", "dt", "dd", "tr",
        "caption", "form", "fieldset", "figcaption", "center", "details", "summary",
    };

    /// <summary>The readable text of <paramref name="html"/>.</summary>
    public static string ToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var writer = new Writer();
        Walk(document.Body ?? (INode?)document.DocumentElement ?? document, writer, preformatted: false);
        return Tidy(writer.ToString());
    }

    private static void Walk(INode node, Writer writer, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    writer.Text(text.Data, preformatted);
                    break;
                case IElement element:
                    Element(element, writer, preformatted);
                    break;
            }
        }
    }

    private static void Element(IElement element, Writer writer, bool preformatted)
    {
        var name = element.LocalName;
        if (Dropped.Contains(name))
        {
            return;
        }

        switch (name)
        {
            case "br":
                writer.LineBreak();
                return;
            case "hr":
                writer.Break(blank: false);
                writer.Raw("---");
                writer.Break(blank: false);
                return;
            case "img":
                var alt = element.GetAttribute("alt");
                if (!string.IsNullOrWhiteSpace(alt))
                {
                    writer.Text($"[{alt.Trim()}]", preformatted: false);
                }

                return;
            case "a":
                Link(element, writer, preformatted);
                return;
            case "td" or "th":
                if (element.PreviousElementSibling is not null)
                {
                    writer.Raw(" | ");
                }

                Walk(element, writer, preformatted);
                return;
        }

        var paragraph = Paragraphs.Contains(name);
        if (!paragraph && !Lines.Contains(name))
        {
            Walk(element, writer, preformatted);
            return;
        }

        writer.Break(paragraph);
        if (name == "li")
        {
            writer.Raw("- ");
        }

        Walk(element, writer, preformatted || name == "pre");
        writer.Break(paragraph);
    }

    private static void Link(IElement element, Writer writer, bool preformatted)
    {
        var start = writer.Length;
        Walk(element, writer, preformatted);
        var href = element.GetAttribute("href")?.Trim();
        if (string.IsNullOrEmpty(href) || href.StartsWith('#') || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var label = writer.Since(start).Trim();
        var shown = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href["mailto:".Length..] : href;
        if (label.Length == 0)
        {
            writer.Text(shown, preformatted: false);
        }
        else if (!string.Equals(label, shown, StringComparison.OrdinalIgnoreCase) && !string.Equals(label, href, StringComparison.OrdinalIgnoreCase))
        {
            writer.Text($" ({shown})", preformatted: false);
        }
    }

    private static string Tidy(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd());
        return ManyBlankLines().Replace(string.Join('\n', lines), "\n\n").Trim('\n', ' ');
    }

    [GeneratedRegex("\n{3,}")]
    private static partial Regex ManyBlankLines();

    /// <summary>Collects text, collapsing HTML whitespace into single spaces outside <c>pre</c>.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private bool _pendingSpace;

        public int Length => _text.Length;

        public string Since(int start) => _text.ToString(start, _text.Length - start);

        public void Text(string data, bool preformatted)
        {
            foreach (var c in data)
            {
                if (preformatted)
                {
                    _text.Append(c == '\r' ? '\n' : c);
                    continue;
                }

                if (char.IsWhiteSpace(c) && c != '\u00a0')
                {
                    _pendingSpace = _text.Length > 0 && _text[^1] != '\n';
                    continue;
                }

                if (_pendingSpace)
                {
                    _text.Append(' ');
                    _pendingSpace = false;
                }

                _text.Append(c == '\u00a0' ? ' ' : c);
            }
        }

        public void Raw(string text)
        {
            _pendingSpace = false;
            _text.Append(text);
        }

        public void LineBreak()
        {
            _pendingSpace = false;
            _text.Append('\n');
        }

        public void Break(bool blank)
        {
            _pendingSpace = false;
            if (_text.Length == 0)
            {
                return;
            }

            if (_text[^1] != '\n')
            {
                _text.Append('\n');
            }

            if (blank && (_text.Length < 2 || _text[^2] != '\n'))
            {
                _text.Append('\n');
            }
        }

        public override string ToString() => _text.ToString();
    }
}
