using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AgentFlow.Agents.Llm;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Guards;

/// <summary>
/// Runs a workflow's guard checks (a <c>guard</c> node's <c>checks</c>, an agent's <c>guards.input</c> or
/// <c>guards.output</c>) over a text, in order: a <c>pii</c> check with action <c>redact</c> replaces what it found
/// before the later checks see the text. Deterministic and offline; every regular expression has a match timeout.
/// Excerpts never carry raw personal data: PII findings are masked by the detector, other excerpts are redacted.
/// </summary>
public static class GuardRunner
{
    private const int ExcerptLength = 120;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly PiiDetector Masker = new();
    private static readonly ConcurrentDictionary<string, PiiDetector> Detectors = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="checks"/> over <paramref name="text"/>.</summary>
    public static GuardResult Run(string text, IReadOnlyList<GuardCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(checks);
        var findings = new List<CheckFinding>();
        foreach (var check in checks)
        {
            switch (check.Check)
            {
                case GuardCheckKind.Injection:
                    findings.AddRange(InjectionScreen.Screen(text).Select(f => new CheckFinding(
                        "injection", f.Rule, check.Action, $"the text matches the prompt-injection rule {f.Rule}", Safe(f.Excerpt))));
                    break;
                case GuardCheckKind.Pii:
                    text = Pii(text, check, findings);
                    break;
                case GuardCheckKind.Schema:
                    Schema(text, check, findings);
                    break;
                case GuardCheckKind.Regex:
                    Pattern(text, check, findings);
                    break;
                case GuardCheckKind.Length:
                    Length(text, check, findings);
                    break;
                case GuardCheckKind.Banned:
                    foreach (var term in check.Terms.Where(t => t.Length > 0 && text.Contains(t, StringComparison.OrdinalIgnoreCase)))
                    {
                        findings.Add(new CheckFinding("banned", "banned.term", check.Action, $"the text contains the banned term '{Safe(term)}'", Safe(term)));
                    }

                    break;
            }
        }

        return new GuardResult(text, findings);
    }

    /// <summary><paramref name="text"/> cut to an excerpt with personal data replaced by placeholders: safe to show and log.</summary>
    public static string Safe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var redacted = Masker.Redact(flat).Text;
        return redacted.Length <= ExcerptLength ? redacted : redacted[..(ExcerptLength - 3)] + "...";
    }

    private static string Pii(string text, GuardCheck check, List<CheckFinding> findings)
    {
        var detector = Detectors.GetOrAdd(
            string.Join('\n', check.Patterns.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)),
            _ => new PiiDetector(check.Patterns));
        var custom = check.Patterns.Keys.Select(k => "pii." + k).ToHashSet(StringComparer.Ordinal);
        var found = detector.Detect(text)
            .Where(f => check.Types.Count == 0 || custom.Contains(f.Rule) || check.Types.Contains(f.Rule["pii.".Length..], StringComparer.Ordinal))
            .ToList();
        var redact = check.Action == GuardAction.Redact;
        findings.AddRange(found.Select(f => new CheckFinding(
            "pii", f.Rule, check.Action, $"personal data ({f.Rule["pii.".Length..]}) {(redact ? "was redacted" : "was found")}", f.Excerpt)));
        if (!redact || found.Count == 0)
        {
            return text;
        }

        var redacted = new StringBuilder(text.Length);
        var at = 0;
        foreach (var finding in found)
        {
            redacted.Append(text, at, finding.Start - at).Append('[').Append(finding.Rule["pii.".Length..].ToUpperInvariant()).Append(']');
            at = finding.End;
        }

        return redacted.Append(text, at, text.Length - at).ToString();
    }

    private static void Schema(string text, GuardCheck check, List<CheckFinding> findings)
    {
        if (check.Schema is not { } source)
        {
            return;
        }

        if (OutputSchema.TryFor(source, out var problem) is not { } schema)
        {
            findings.Add(new CheckFinding("schema", "schema.unusable", check.Action, $"the schema cannot be used ({problem})", string.Empty));
            return;
        }

        var (_, errors) = schema.Check(text);
        if (errors.Count > 0)
        {
            findings.Add(new CheckFinding("schema", "schema.mismatch", check.Action, $"the text is not JSON matching the schema: {Safe(errors[0])}", Safe(text)));
        }
    }

    private static void Pattern(string text, GuardCheck check, List<CheckFinding> findings)
    {
        Match match;
        try
        {
            match = new Regex(check.Pattern ?? string.Empty, RegexOptions.CultureInvariant, MatchTimeout).Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            findings.Add(new CheckFinding("regex", "regex.timeout", check.Action, $"the text is too complex to check against /{check.Pattern}/", string.Empty));
            return;
        }

        if (check.MustMatch && !match.Success)
        {
            findings.Add(new CheckFinding("regex", "regex.mismatch", check.Action, $"the text does not match /{check.Pattern}/", Safe(text)));
        }
        else if (!check.MustMatch && match.Success)
        {
            findings.Add(new CheckFinding("regex", "regex.match", check.Action, $"the text matches /{check.Pattern}/, which it must not", Safe(match.Value)));
        }
    }

    private static void Length(string text, GuardCheck check, List<CheckFinding> findings)
    {
        var n = text.Length.ToString(CultureInfo.InvariantCulture);
        if (check.Min is { } min && text.Length < min)
        {
            findings.Add(new CheckFinding("length", "length.min", check.Action, $"the text has {n} characters; at least {min} are required", Safe(text)));
        }

        if (check.Max is { } max && text.Length > max)
        {
            findings.Add(new CheckFinding("length", "length.max", check.Action, $"the text has {n} characters; at most {max} are allowed", Safe(text)));
        }
    }
}
