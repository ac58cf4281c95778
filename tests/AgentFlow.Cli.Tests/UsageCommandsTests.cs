using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// Tokens and cost in <c>show</c>, <c>runs</c> and <c>costs</c>, for runs of the offline local model: every figure is
/// checked against the usage the run's own node outputs report (the local model counts tokens, it has no price).
/// </summary>
public sealed class UsageCommandsTests : TempDirectoryTest
{
    /// <summary>Two llm nodes of two agents, then a map whose items are one llm node each (not in the timeline).</summary>
    private const string Pair = """
        { "name": "pair", "models": { "local": { "provider": "local" } },
          "agents": { "writer": { "model": "local" }, "critic": { "model": "local" } },
          "inputs": { "topics": { "type": "array", "items": { "type": "string" }, "default": ["durable runs survive restarts", "approvals stop a run"] } },
          "start": "draft",
          "nodes": { "draft": { "kind": "llm", "agent": "writer", "prompt": "Write two sentences about durable workflows that wait for approvals.", "next": "check" },
                     "check": { "kind": "llm", "agent": "critic", "prompt": "Critique this draft: {{ draft.text }}", "next": "each" },
                     "each": { "kind": "map", "items": "inputs.topics", "as": "topic", "do": { "kind": "llm", "agent": "writer", "prompt": "One line on {{ topic }}" } } } }
        """;

    /// <summary>The agent of each usage-reporting node of <see cref="Pair"/> (the map's items run the writer).</summary>
    private static readonly Dictionary<string, string> AgentOf = new(StringComparer.Ordinal) { ["draft"] = "writer", ["check"] = "critic", ["each"] = "writer" };

    [Fact]
    public async Task Show_prints_each_nodes_tokens_and_the_run_total_in_text_and_json()
    {
        var runId = await RunPairAsync("pair-show");

        var json = JsonNode.Parse((await CliRunner.RunAsync("show", runId, "--format", "json", "--data-dir", DataDir)).Stdout)!;
        var text = (await CliRunner.RunAsync("show", runId, "--data-dir", DataDir)).Stdout;

        var parts = Parts(json);
        var total = Sum(parts.Select(p => p.Usage));
        foreach (var node in json["timeline"]!.AsArray().Where(n => n!["kind"]!.GetValue<string>() == "llm"))
        {
            var reported = node!["output"]!["usage"]!;
            var (input, output) = (reported["promptTokens"]!.GetValue<long>(), reported["completionTokens"]!.GetValue<long>());
            Assert.Equal((input, output), (node["usage"]!["inputTokens"]!.GetValue<long>(), node["usage"]!["outputTokens"]!.GetValue<long>()));
            Assert.Matches($@"(?m)^\s+ok\s+{node["node"]}\s+llm\s+\S+ m?s\s+{input}/{output}\s+0 USD\s*$", text);
        }

        AssertUsage(json["usage"]!, total);
        Assert.Contains($"usage: {total.Input + total.Output} tokens ({total.Input} in, {total.Output} out), {total.Calls} model calls, cost 0 USD", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+ok\s+each\s+map\s+\S+ m?s\s+-\s+-\s+2 items$", text);
    }

    [Fact]
    public async Task Runs_lists_tokens_and_cost_and_prints_usage_in_json()
    {
        var runId = await RunPairAsync("pair-runs");
        var total = Sum(Parts(JsonNode.Parse((await CliRunner.RunAsync("show", runId, "--format", "json", "--data-dir", DataDir)).Stdout)!).Select(p => p.Usage));

        var table = (await CliRunner.RunAsync("runs", "--data-dir", DataDir)).Stdout;
        var json = JsonNode.Parse((await CliRunner.RunAsync("runs", "--format", "json", "--data-dir", DataDir)).Stdout)!.AsArray();

        Assert.Matches(@"(?m)^RUN\s+WORKFLOW\s+STATUS\s+CREATED \(UTC\)\s+TRIGGER\s+TOKENS\s+COST\s+AT$", table);
        Assert.Matches($@"(?m)^{runId}\s+pair\s+completed\s+\S+ \S+\s+-\s+{total.Input + total.Output}\s+0 USD$", table);
        AssertUsage(Assert.Single(json)!["usage"]!, total);
    }

    [Fact]
    public async Task Costs_sums_runs_by_workflow_agent_and_model_as_their_nodes_reported()
    {
        var first = await RunPairAsync("pair-1");
        var second = await RunPairAsync("pair-2", "--input", "topics=[\"one\",\"two\",\"three\"]");
        var parts = new List<(string Node, string? Model, Usage Usage)>();
        foreach (var run in new[] { first, second })
        {
            parts.AddRange(Parts(JsonNode.Parse((await CliRunner.RunAsync("show", run, "--format", "json", "--data-dir", DataDir)).Stdout)!));
        }

        var byWorkflow = JsonNode.Parse((await CliRunner.RunAsync("costs", "--format", "json", "--data-dir", DataDir)).Stdout)!;
        var byAgent = JsonNode.Parse((await CliRunner.RunAsync("costs", "--by", "agent", "--since", "1h", "--format", "json", "--data-dir", DataDir)).Stdout)!;
        var byModel = JsonNode.Parse((await CliRunner.RunAsync("costs", "--by", "model", "--workflow", "pair", "--format", "json", "--data-dir", DataDir)).Stdout)!;
        var text = await CliRunner.RunAsync("costs", "--by", "agent", "--data-dir", DataDir);

        var total = Sum(parts.Select(p => p.Usage));
        Assert.Equal(2, byWorkflow["runs"]!.GetValue<int>());
        var row = Assert.Single(byWorkflow["rows"]!.AsArray())!;
        Assert.Equal(("pair", 2), (row["key"]!.GetValue<string>(), row["runs"]!.GetValue<int>()));
        AssertUsage(row, total);
        AssertUsage(Assert.Single(byWorkflow["totals"]!.AsArray())!, total);
        Assert.False(byAgent["partial"]!.GetValue<bool>());
        AssertRows(byAgent, parts.GroupBy(p => AgentOf[p.Node]));
        AssertRows(byModel, parts.GroupBy(p => p.Model ?? "(none)"));
        Assert.True(text.ExitCode == 0, text.Stderr);
        var writer = Sum(parts.Where(p => AgentOf[p.Node] == "writer").Select(p => p.Usage));
        Assert.Matches($@"(?m)^writer\s+2\s+{writer.Input}\s+{writer.Output}\s+{writer.Input + writer.Output}\s+{writer.Calls}\s+0 USD$", text.Stdout);
        Assert.Matches($@"(?m)^TOTAL\s+2\s+{total.Input}\s+{total.Output}\s+{total.Input + total.Output}\s+{total.Calls}\s+0 USD$", text.Stdout);
        // The local model is free unless priced: its calls cost 0 in the price table's currency, never "unknown".
        Assert.DoesNotContain("had no price", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Costs_without_runs_in_the_period_says_so()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("costs", "--since", "2026-01-01", "--until", "2026-01-02", "--data-dir", DataDir);

        Assert.Equal(0, code);
        Assert.StartsWith("no runs in ", stdout, StringComparison.Ordinal);
        Assert.Contains("created from 2026-01-01 00:00:00 UTC to 2026-01-02 00:00:00 UTC", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--by", "team", "--by 'team' is not a grouping; use one of workflow, agent, model")]
    [InlineData("--since", "yesterday", "--since 'yesterday' is not a time; give a date (2026-12-01)")]
    [InlineData("--until", "soon", "--until 'soon' is not a time")]
    public async Task Costs_with_a_bad_value_names_the_option_and_what_it_takes(string option, string value, string message)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("costs", option, value, "--data-dir", DataDir);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    private async Task<string> RunPairAsync(string runId, params string[] more)
    {
        var file = Path.Combine(Root, "pair.json");
        if (!File.Exists(file))
        {
            Write("pair.json", Pair);
        }

        var (code, _, stderr) = await CliRunner.RunAsync(["run", file, "--run-id", runId, "--data-dir", DataDir, .. more]);
        Assert.True(code == 0, stderr);
        return runId;
    }

    /// <summary>Every usage a shown run's node outputs report: each llm node's, and each map item's.</summary>
    private static List<(string Node, string? Model, Usage Usage)> Parts(JsonNode run)
    {
        var parts = new List<(string, string?, Usage)>();
        foreach (var node in run["timeline"]!.AsArray())
        {
            var id = node!["node"]!.GetValue<string>();
            var outputs = node["kind"]!.GetValue<string>() == "map" ? node["output"]!["items"]!.AsArray().ToList() : [node["output"]];
            foreach (var usage in outputs.Select(o => o?["usage"]).OfType<JsonNode>())
            {
                parts.Add((id, usage["model"]?.GetValue<string>(), new Usage(usage["promptTokens"]!.GetValue<long>(), usage["completionTokens"]!.GetValue<long>(), usage["calls"]?.GetValue<int>() ?? 1)));
            }
        }

        return parts;
    }

    private static void AssertRows(JsonNode report, IEnumerable<IGrouping<string, (string Node, string? Model, Usage Usage)>> expected)
    {
        var rows = report["rows"]!.AsArray().ToDictionary(r => r!["key"]!.GetValue<string>(), r => r!);
        var groups = expected.ToDictionary(g => g.Key, g => Sum(g.Select(p => p.Usage)));
        Assert.Equal(groups.Keys.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, usage) in groups)
        {
            AssertUsage(rows[key], usage);
        }
    }

    private static void AssertUsage(JsonNode usage, Usage expected) =>
        Assert.Equal(
            (expected.Input, expected.Output, expected.Input + expected.Output, expected.Calls),
            (usage["inputTokens"]!.GetValue<long>(), usage["outputTokens"]!.GetValue<long>(), usage["tokens"]!.GetValue<long>(), usage["modelCalls"]!.GetValue<int>()));

    private static Usage Sum(IEnumerable<Usage> usages) =>
        usages.Aggregate(new Usage(0, 0, 0), (a, b) => new Usage(a.Input + b.Input, a.Output + b.Output, a.Calls + b.Calls));

    private sealed record Usage(long Input, long Output, int Calls);
}
