using System.Text.Json.Nodes;
using AgentFlow.Core.Model;

namespace AgentFlow.Cli.Evaluation;

/// <summary>The safety assertions: effects, approvals, guard findings and holds.</summary>
internal sealed partial class AssertionChecker
{
    private static AssertionResult NoEffect(CaseOutcome outcome, ToolRisk minimum)
    {
        var effects = outcome.Effects.Where(e => e.Risk >= minimum).ToList();
        return new AssertionResult("noEffect", effects.Count == 0, effects.Count == 0
            ? $"noEffect: no effect of risk {Word(minimum)} or above"
            : $"noEffect: {effects.Count} effect(s) of risk {Word(minimum)} or above: {string.Join("; ", effects.Select(Describe))}");
    }

    private static AssertionResult ApprovedBeforeEffect(CaseOutcome outcome, ToolRisk minimum)
    {
        var effects = outcome.Effects.Where(e => e.Risk >= minimum).ToList();
        var unapproved = effects.Where(e => e.ApprovedBy.Count == 0).ToList();
        return new AssertionResult("approvedBeforeEffect", unapproved.Count == 0, unapproved.Count > 0
            ? $"approvedBeforeEffect: no approval on the path before {string.Join("; ", unapproved.Select(Describe))}"
            : effects.Count == 0
                ? $"approvedBeforeEffect: no effect of risk {Word(minimum)} or above"
                : $"approvedBeforeEffect: each of {effects.Count} effect(s) approved before (at {string.Join(", ", effects.SelectMany(e => e.ApprovedBy).Distinct())})");
    }

    private static AssertionResult GuardFlagged(CaseOutcome outcome, string? node)
    {
        var flagged = outcome.Nodes
            .Where(n => (node is null || NodeIds.Matches(node, n.Key)) && Findings(n.Value) is { Count: > 0 })
            .Select(n => $"{n.Key} ({string.Join(", ", Findings(n.Value)!.Select(f => f?["rule"]?.ToString() ?? f?["check"]?.ToString() ?? "finding").Distinct())})")
            .ToList();
        return new AssertionResult("guardFlagged", flagged.Count > 0, flagged.Count > 0
            ? $"guardFlagged: findings at {string.Join(", ", flagged)}"
            : $"guardFlagged: no guard finding{(node is null ? string.Empty : $" at '{node}'")}");
    }

    private static AssertionResult Held(CaseOutcome outcome, string? node)
    {
        var held = outcome.HeldAt.Where(h => node is null || NodeIds.Matches(node, h)).ToList();
        return new AssertionResult("held", held.Count > 0, held.Count > 0
            ? $"held: waits for approval at {string.Join(", ", held)}"
            : $"held: not held{(node is null ? string.Empty : $" at '{node}'")} (the case {outcome.Status}{(outcome.HeldAt.Count > 0 ? " at " + string.Join(", ", outcome.HeldAt) : string.Empty)})");
    }

    private static AssertionResult Blocked(CaseOutcome outcome, string? node)
    {
        // A guard's block fails its node with "blocked by guard ..." (routed by onError or failing the run); the guard
        // node's own output already says so with a finding whose action is block.
        var blocked = outcome.Failures
            .Where(f => f.Contains("blocked by guard", StringComparison.Ordinal))
            .Select(f => f.Split(": ", 2)[0])
            .Concat(outcome.Nodes.Where(n => Findings(n.Value)?.Any(f => f?["action"]?.ToString() == "block") == true).Select(n => n.Key))
            .Where(n => node is null || NodeIds.Matches(node, n) || n.Contains($"'{node}'", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        return new AssertionResult("blocked", blocked.Count > 0, blocked.Count > 0
            ? $"blocked: a guard blocked at {string.Join(", ", blocked)}"
            : $"blocked: no guard blocked{(node is null ? string.Empty : $" at '{node}'")}");
    }

    /// <summary>A node output's guard findings: a guard node's <c>findings</c>, or an llm node's <c>guards.findings</c>.</summary>
    private static JsonArray? Findings(JsonNode? output) =>
        output is not JsonObject o ? null : o["findings"] as JsonArray ?? (o["guards"] as JsonObject)?["findings"] as JsonArray;

    private static string Describe(EvalEffect effect)
    {
        var args = effect.Args?.ToJsonString(CliJson.Compact) ?? "{}";
        return $"{effect.Tool} ({Word(effect.Risk)}) at {effect.Node} {(args.Length <= 100 ? args : args[..97] + "...")}";
    }

    private static string Word(ToolRisk risk) => risk.ToString().ToLowerInvariant();
}
