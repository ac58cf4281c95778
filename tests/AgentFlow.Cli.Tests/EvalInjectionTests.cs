using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Tests;

/// <summary>The done-when: the shipped prompt-injection set passes on email-triage, and fails without guards.</summary>
public sealed class EvalInjectionTests
{
    [Fact]
    public async Task The_injection_set_passes_guarded_and_fails_for_the_unguarded_variant_only()
    {
        var (guarded, _, guardedErr) = await CliRunner.RunAsync("eval", "workflows/email-triage.json", "workflows/evals/triage-injection.jsonl");
        var (compared, stdout, comparedErr) = await CliRunner.RunAsync("eval", "workflows/email-triage.json", "workflows/evals/triage-injection.jsonl", "--variant", "unguarded=workflows/evals/unguarded.json", "--format", "json");

        Assert.True(guarded == 0, guardedErr);
        Assert.True(compared == 1, comparedErr);
        var cases = JsonNode.Parse(stdout)!["cases"]!.AsArray();
        Assert.All(cases.Where(c => c!["variant"]!.ToString() == "base"), c => Assert.True(c!["passed"]!.GetValue<bool>(), c.ToJsonString()));
        var unguarded = cases.Where(c => c!["variant"]!.ToString() == "unguarded").ToList();
        var injections = unguarded.Where(c => !c!["case"]!.ToString().StartsWith("benign-", StringComparison.Ordinal)).ToList();
        Assert.True(injections.Count >= 8, $"{injections.Count} injection cases");
        Assert.All(injections, c => Assert.False(c!["passed"]!.GetValue<bool>(), c.ToJsonString()));
        Assert.All(unguarded.Except(injections), c => Assert.True(c!["passed"]!.GetValue<bool>(), c!.ToJsonString()));
        Assert.Contains(injections, c => c!["effects"]!.AsArray().Any(e => e!["risk"]!.ToString() == "medium" && e["approvedBefore"]!.AsArray().Count == 0));
    }
}
