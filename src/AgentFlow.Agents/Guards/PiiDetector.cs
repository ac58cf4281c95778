using System.Text;
using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Guards;

/// <summary>
/// Finds personal data in text before it reaches a remote model or leaves the system: e-mail addresses, phone numbers,
/// payment card numbers (Luhn-checked) and IBANs (mod-97-checked), plus configured patterns. Deterministic and offline;
/// every regex has a match timeout, so a hostile text cannot stall a worker.
/// </summary>
public sealed partial class PiiDetector
{
    private const int TimeoutMs = 250;
    private readonly IReadOnlyList<(string Rule, Regex Pattern)> _custom;

    /// <summary>A detector with the built-in rules and <paramref name="patterns"/> (rule name -> regular expression).</summary>
    /// <exception cref="ArgumentException">A name is not letters, digits and dashes, or a pattern is not a valid regular expression; the message names it.</exception>
    public PiiDetector(IReadOnlyDictionary<string, string>? patterns = null)
    {
        var custom = new List<(string, Regex)>();
        foreach (var (name, pattern) in patterns ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                throw new ArgumentException($"PII pattern name '{name}' must be letters, digits and dashes", nameof(patterns));
            }

            try
            {
                custom.Add(("pii." + name, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(TimeoutMs))));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"PII pattern '{name}' is not a valid regular expression: {ex.Message}", nameof(patterns), ex);
            }
        }

        _custom = custom;
    }

    /// <summary>The findings in <paramref name="text"/>, in order of position, without overlaps (the earlier, then longer, match wins).</summary>
    public IReadOnlyList<GuardFinding> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<GuardFinding>();
        Add(found, "pii.email", EmailPattern(), text, static m => true, MaskEmail);
        Add(found, "pii.iban", IbanPattern(), text, static m => Checksums.Iban(m), static m => MaskTail(m, 4));
        Add(found, "pii.card", CardPattern(), text, static m => Checksums.Luhn(m), static m => "**** " + Digits(m)[^4..]);
        Add(found, "pii.phone", PhonePattern(), text, static m => Digits(m).Length is >= 9 and <= 15, static m => MaskTail(m, 2));
        foreach (var (rule, pattern) in _custom)
        {
            Add(found, rule, pattern, text, static m => true, static m => MaskTail(m, 0));
        }

        found.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var kept = new List<GuardFinding>(found.Count);
        foreach (var finding in found)
        {
            if (kept.Count == 0 || finding.Start >= kept[^1].End)
            {
                kept.Add(finding);
            }
        }

        return kept;
    }

    /// <summary>
    /// <paramref name="text"/> with every finding replaced by its placeholder (<c>[EMAIL]</c>, <c>[PHONE]</c>,
    /// <c>[CARD]</c>, <c>[IBAN]</c>, <c>[NAME]</c> for a configured pattern), and the findings.
    /// </summary>
    public (string Text, IReadOnlyList<GuardFinding> Findings) Redact(string text)
    {
        var findings = Detect(text);
        if (findings.Count == 0)
        {
            return (text, findings);
        }

        var redacted = new StringBuilder(text.Length);
        var at = 0;
        foreach (var finding in findings)
        {
            redacted.Append(text, at, finding.Start - at).Append('[').Append(finding.Rule["pii.".Length..].ToUpperInvariant()).Append(']');
            at = finding.End;
        }

        return (redacted.Append(text, at, text.Length - at).ToString(), findings);
    }

    private static void Add(List<GuardFinding> found, string rule, Regex pattern, string text, Func<string, bool> accept, Func<string, string> mask)
    {
        try
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (accept(match.Value))
                {
                    found.Add(new GuardFinding(rule, match.Index, match.Length, mask(match.Value)));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A text built to make the pattern backtrack: report the whole text rather than let it pass unchecked.
            found.Add(new GuardFinding(rule, 0, text.Length, "(text too complex to check)"));
        }
    }

    private static string Digits(string value) => string.Concat(value.Where(char.IsAsciiDigit));

    private static string MaskTail(string value, int keep) => new string('*', Math.Max(0, value.Length - keep)) + value[Math.Max(0, value.Length - keep)..];

    private static string MaskEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return value[..1] + "***" + value[at..];
    }

    [GeneratedRegex(@"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?\b", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?![\w])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex PhonePattern();
}
