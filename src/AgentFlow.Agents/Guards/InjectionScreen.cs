using System.Text.RegularExpressions;

namespace AgentFlow.Agents.Guards;

/// <summary>
/// Screens untrusted text (fetched pages, e-mails, webhook payloads) for prompt-injection attempts with a maintained
/// rule set: instructions to ignore or replace the system's, role and prompt-boundary markers, requests to reveal the
/// prompt or memory, and covert-action phrasing (send, forward, refund, delete without telling). Rules only: a finding
/// is a reason to flag, hold for approval or block, never proof; a classifier can be layered on top.
/// </summary>
public static partial class InjectionScreen
{
    private const int TimeoutMs = 250;

    /// <summary>The rule ids, in the order they are checked.</summary>
    public static IReadOnlyList<string> Rules { get; } = [.. RuleSet.Select(r => r.Id)];

    private static (string Id, Regex Pattern)[] RuleSet =>
    [
        ("injection.ignore-instructions", IgnoreInstructions()),
        ("injection.new-instructions", NewInstructions()),
        ("injection.role-marker", RoleMarker()),
        ("injection.persona", Persona()),
        ("injection.reveal-prompt", RevealPrompt()),
        ("injection.covert-action", CovertAction()),
        ("injection.exfiltrate", Exfiltrate()),
    ];

    /// <summary>The findings in <paramref name="text"/>, in order of position (at most one per rule and position).</summary>
    public static IReadOnlyList<GuardFinding> Screen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<GuardFinding>();
        foreach (var (id, pattern) in RuleSet)
        {
            try
            {
                foreach (Match match in pattern.Matches(text))
                {
                    found.Add(new GuardFinding(id, match.Index, match.Length, Excerpt(match.Value)));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                found.Add(new GuardFinding(id, 0, text.Length, "(text too complex to check)"));
            }
        }

        found.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static string Excerpt(string value)
    {
        var flat = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 120 ? flat : flat[..117] + "...";
    }

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override|bypass|skip)\b[\w\s,'-]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|original)\b[\w\s,'-]{0,30}?\b(?:instructions?|prompts?|rules?|directions?|guidelines?|context|messages?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex IgnoreInstructions();

    [GeneratedRegex(@"\b(?:new|updated|revised|real|actual|following)\s+(?:system\s+)?instructions?\s*[:\-]|\byour\s+(?:new|real|true)\s+(?:task|instructions?|goal|role)\s+(?:is|are)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex NewInstructions();

    [GeneratedRegex(@"(?:<\|?/?\s*(?:system|assistant|im_start|im_end)\s*\|?>|^\s*#{2,}\s*(?:system|instruction)s?\b|\[/?(?:system|INST)\]|\bBEGIN\s+(?:SYSTEM\s+PROMPT|INSTRUCTIONS)\b|^\s*system\s*:)", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex RoleMarker();

    [GeneratedRegex(@"\b(?:you\s+are\s+now|from\s+now\s+on,?\s+you\s+(?:are|will)|pretend\s+(?:to\s+be|you\s+are)|act\s+as\s+(?:an?\s+)?(?:unrestricted|different|new|evil|jailbroken)|enter\s+(?:developer|debug|god|DAN)\s+mode|jailbreak)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Persona();

    [GeneratedRegex(@"\b(?:reveal|print|show|repeat|output|leak|tell\s+me)\b[\w\s,'-]{0,30}?\b(?:system\s+prompt|your\s+(?:instructions|prompt|rules|memory|memories)|hidden\s+instructions|initial\s+prompt)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex RevealPrompt();

    [GeneratedRegex(@"\b(?:without|do\s+not|don't|never)\s+(?:telling|tell|inform(?:ing)?|notify(?:ing)?|ask(?:ing)?|mention(?:ing)?)\s+(?:the\s+)?(?:user|operator|human|anyone|approver|admin)\b|\b(?:no\s+(?:approval|confirmation)\s+(?:is\s+)?(?:needed|required))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex CovertAction();

    [GeneratedRegex(@"\b(?:send|forward|email|e-mail|mail|post|upload|transfer|refund|wire)\b[\w\s,'$€.-]{0,60}?\b(?:to|into)\s+(?:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|https?://\S+|(?:this|my|the\s+following)\s+(?:address|account|url|iban))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Exfiltrate();
}
