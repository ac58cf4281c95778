using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Local;

/// <summary>Pulls literal values out of content: labelled fields, e-mail addresses, URLs, numbers, cue words.</summary>
internal static partial class ContentFields
{
    private static readonly string[] UrgentCues = ["urgent", "urgently", "asap", "as soon as possible", "immediately", "emergency", "critical", "blocks", "blocking", "outage", "today", "right away", "quick answer"];
    private static readonly string[] PositiveCues = ["thank", "thanks", "great", "love", "excellent", "happy", "pleased", "glad", "appreciate", "good", "fantastic", "helpful", "works", "resolved", "perfect", "congratulations", "delighted"];
    private static readonly string[] NegativeCues = ["angry", "disappointed", "unhappy", "terrible", "bad", "broken", "fails", "failed", "error", "problem", "cannot", "can't", "complaint", "charged twice", "refund", "wrong", "worst", "frustrated", "not working", "timeout", "timeouts"];

    /// <summary>
    /// The value of a <c>Key: value</c> line whose key names the property: the same words ("Subject" for
    /// <c>subject</c>) or the same last topic word ("Requested amount" for <c>suggestedAmount</c>, but "To" never
    /// for <c>replyTo</c>).
    /// </summary>
    public static string? FieldValue(string text, string propertyName)
    {
        var property = TextAnalysis.IdentifierWords(propertyName);
        if (property.Count == 0)
        {
            return null;
        }

        foreach (Match match in FieldLine().Matches(text))
        {
            var key = TextAnalysis.IdentifierWords(match.Groups["key"].Value);
            if (key.Count > 0 && (key.SequenceEqual(property) || (key[^1] == property[^1] && TextAnalysis.IsTopicWord(key[^1]) && key[^1].Length > 3)))
            {
                return match.Groups["value"].Value.Trim();
            }
        }

        return null;
    }

    /// <summary>The sender's address (a <c>From:</c>/<c>Reply-To:</c> line) or else the first address in the text.</summary>
    public static string? Email(string text)
    {
        var sender = SenderLine().Match(text);
        var match = EmailPattern().Match(sender.Success ? sender.Value : text);
        return match.Success ? match.Value : null;
    }

    /// <summary>All e-mail addresses, in order, without duplicates.</summary>
    public static IEnumerable<string> Emails(string text) => EmailPattern().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>All URLs, in order, without duplicates.</summary>
    public static IEnumerable<string> Urls(string text) => UrlPattern().Matches(text).Select(m => m.Value.TrimEnd('.', ',', ';')).Distinct(StringComparer.Ordinal);

    /// <summary>The display name of the sender (<c>From: Maria Lopez &lt;...&gt;</c>), if any.</summary>
    public static string? SenderName(string text)
    {
        var match = SenderName().Match(text);
        return match.Success ? match.Groups["name"].Value.Trim().Trim('"') : null;
    }

    /// <summary>Numbers that stand alone (not inside identifiers, dates or times), in order.</summary>
    public static IEnumerable<double> Numbers(string text) =>
        NumberPattern().Matches(text).Select(m => Parse(m.Value));

    /// <summary>The first amount of money (a number next to a currency), else the first number of the body, else null.</summary>
    public static double? Amount(string text)
    {
        var money = MoneyPattern().Match(text);
        return money.Success ? Parse(money.Groups["n"].Value) : BodyNumbers(text).Cast<double?>().FirstOrDefault();
    }

    /// <summary>Numbers outside of <c>Key: value</c> header lines such as <c>Date:</c>.</summary>
    public static IEnumerable<double> BodyNumbers(string text) =>
        Numbers(string.Join("\n", text.Split('\n').Where(l => !TextAnalysis.IsFieldLine(l.Trim()) || l.Length > 120)));

    /// <summary>True when the text uses an urgency cue word such as "urgent", "asap" or "blocks".</summary>
    public static bool IsUrgent(string text) => Cues(text, UrgentCues) > 0;

    /// <summary><c>positive</c>, <c>negative</c> or <c>neutral</c> by counting cue words.</summary>
    public static string Sentiment(string text) => (Cues(text, PositiveCues) - Cues(text, NegativeCues)) switch
    {
        > 0 => "positive",
        < 0 => "negative",
        _ => "neutral",
    };

    /// <summary>
    /// For a description like "True unless the sender's address ends in @example.com": compares the sender's domain
    /// with the one named, inverted by "unless"/"not"/"outside". Null when the description names no domain.
    /// </summary>
    public static bool? SenderDomainRule(string description, string text)
    {
        var domain = DomainPattern().Match(description);
        if (!domain.Success)
        {
            return null;
        }

        var sender = Email(text) ?? string.Empty;
        var inside = sender.EndsWith("@" + domain.Groups["d"].Value, StringComparison.OrdinalIgnoreCase)
            || sender.EndsWith("." + domain.Groups["d"].Value, StringComparison.OrdinalIgnoreCase);
        return inside ^ Negation().IsMatch(description);
    }

    private static int Cues(string text, string[] cues)
    {
        var lower = " " + string.Join(" ", TextAnalysis.Words(text)).ToLowerInvariant() + " ";
        return cues.Count(c => lower.Contains(" " + c + " ", StringComparison.Ordinal));
    }

    private static double Parse(string number) =>
        double.Parse(number.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[ \t]*(?:[-*•][ \t]*)?(?<key>[A-Za-z][A-Za-z0-9 _-]{0,40}?)[ \t]*:[ \t]*(?<value>\S[^\n]*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^[ \t]*(?:From|Reply-To|Sender)[ \t]*:[^\n]*", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SenderLine();

    [GeneratedRegex(@"^[ \t]*From[ \t]*:[ \t]*(?<name>[^<\n@]+?)[ \t]*<", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SenderName();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"https?://[^\s<>""')\]]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}.,:/#-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\p{L}\p{N}:/-]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"(?:[$€£]|\b(?:EUR|USD|GBP|CHF|JPY)\s?)(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(?:[$€£]|(?:EUR|USD|GBP|CHF|JPY|dollars?|euros?)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"@(?<d>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"\b(?:unless|not|outside|except)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();
}
