using System.Text.Json.Nodes;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Guards;

/// <summary>
/// A finding of a workflow's guard check as nodes report it: <c>{ check, rule, action, message, excerpt }</c> in the
/// node's output, in what approvers see (and so in the audit of their decision) and, without the excerpt, in the trace.
/// </summary>
/// <param name="Check">The check that found it: injection, pii, schema, regex, length, banned or classifier.</param>
/// <param name="Rule">The rule id, e.g. <c>injection.ignore-instructions</c>, <c>pii.email</c>, <c>length.max</c>.</param>
/// <param name="Action">What the finding does.</param>
/// <param name="Message">One sentence saying what was found.</param>
/// <param name="Excerpt">A short excerpt of what matched, personal data masked.</param>
public sealed record CheckFinding(string Check, string Rule, GuardAction Action, string Message, string Excerpt)
{
    /// <summary>The finding as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["check"] = Check,
        ["rule"] = Rule,
        ["action"] = GuardCheck.ToJson(Action),
        ["message"] = Message,
        ["excerpt"] = Excerpt,
    };

    /// <summary>The findings as a JSON array.</summary>
    public static JsonArray ToJson(IEnumerable<CheckFinding> findings) => new([.. findings.Select(f => (JsonNode)f.ToJson())]);
}
