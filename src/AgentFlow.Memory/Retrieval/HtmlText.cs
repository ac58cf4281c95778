using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Reduces HTML to readable text with AngleSharp's HTML5 parser: scripts, styles and other non-content elements are
/// dropped, runs of white space collapse to one space, and block elements become line or paragraph breaks (so
/// sentences and paragraphs survive for the chunker). Entities are decoded.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "canvas", "select", "button",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "section", "article",
        "aside", "header", "footer", "main", "nav", "figure", "hr", "address", "details", "form", "fieldset",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.Ordinal)
    {
        "br", "div", "li", "tr", "dt", "dd", "figcaption", "summary", "caption", "legend", "option",
    };

    /// <summary>The document's <c>&lt;title&gt;</c> (empty when it has none) and its text.</summary>
    public static (string Title, string Text) Extract(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var title = Collapse(document.Title ?? string.Empty);
        var writer = new TextWriter();
        if (document.Body is { } body)
        {
            Walk(body, writer);
        }

        return (title, writer.ToString());
    }

    /// <summary>The text of an HTML fragment (a feed item's description or content).</summary>
    public static string FragmentText(string html) => Extract(html).Text;

    private static void Walk(INode root, TextWriter writer)
    {
        // An explicit stack: deeply nested markup must not overflow the call stack. A null entry closes an element.
        var stack = new Stack<(INode? Node, byte Break)>();
        stack.Push((root, 0));
        while (stack.TryPop(out var entry))
        {
            if (entry.Node is null)
            {
                writer.Break(entry.Break);
                continue;
            }

            switch (entry.Node)
            {
                case IText text:
                    writer.Append(text.Data, preserve: text.ParentElement?.Closest("pre") is not null);
                    break;
                case IElement element when !Skipped.Contains(element.LocalName):
                    var breakAround = Paragraphs.Contains(element.LocalName) ? (byte)2 : Lines.Contains(element.LocalName) ? (byte)1 : (byte)0;
                    if (element.LocalName is "td" or "th")
                    {
                        writer.Space();
                    }

                    writer.Break(breakAround);
                    stack.Push((null, breakAround));
                    for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
                    {
                        stack.Push((child, 0));
                    }

                    break;
            }
        }
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Collects text, emitting a space or line breaks only between two pieces of visible text.</summary>
    private sealed class TextWriter
    {
        private readonly StringBuilder _text = new();
        private bool _space;
        private int _newlines;

        public void Space() => _space = true;

        public void Break(byte newlines) => _newlines = Math.Max(_newlines, (int)newlines);

        public void Append(string data, bool preserve)
        {
            foreach (var c in data)
            {
                if (c == '\n' && preserve)
                {
                    Break(1);
                }
                else if (char.IsWhiteSpace(c))
                {
                    _space = true;
                }
                else
                {
                    if (_text.Length > 0 && _newlines > 0)
                    {
                        _text.Append('\n', _newlines);
                    }
                    else if (_text.Length > 0 && _space)
                    {
                        _text.Append(' ');
                    }

                    _text.Append(c);
                    (_space, _newlines) = (false, 0);
                }
            }
        }

        public override string ToString() => _text.ToString();
    }
}
