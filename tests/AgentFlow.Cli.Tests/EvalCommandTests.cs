using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace AgentFlow.Cli.Tests;

/// <summary><c>agentflow eval</c>, run as a process on purpose-built workflows and datasets.</summary>
public sealed class EvalCommandTests : TempDirectoryTest
{
    private const string WeatherFixture = "\"fixtures\": { \"tools\": { \"weather\": { \"forecast\": \"sunny\" } } }";

    // The probe without its approval: the e-mail goes out straight after the model step.
    private const string Unapproved = """{ "nodes": { "ask": { "next": "send" }, "check": null, "send": { "args": { "text": "{{ inputs.text }}" } } } }""";

    [Fact]
    public async Task Every_assertion_kind_passes_on_a_case_that_meets_it()
    {
        var workflow = Write("probe.json", EvalProbe.Workflow());
        var dataset = Write("pass.jsonl", """
            {"id": "approved", "inputs": {"text": "ping"}, "approvals": {"check": {"decision": "approve"}}, "fixtures": { "tools": { "weather": { "forecast": "sunny" } } }, "assert": [{"equals": "ping", "path": "output.text"}, {"equals": 5, "path": "output.n"}, {"contains": "ping", "path": "nodes.ask.text"}, {"regex": "^sun", "path": "output.weather"}, {"schema": {"type": "object", "required": ["forecast"]}, "path": "nodes.look"}, {"range": {"min": 1, "max": 10}, "path": "output.n"}, {"noEffect": {"risk": "high"}}, {"approvedBeforeEffect": true}, {"anyOf": [{"equals": "nope", "path": "output.text"}, {"equals": "ping", "path": "output.text"}]}, {"allOf": [{"equals": "ping", "path": "output.text"}, {"range": {"max": 5}, "path": "output.n"}]}]}
            {"id": "waits", "inputs": {"text": "ping"}, "assert": [{"held": {"node": "check"}}, {"noEffect": {"risk": "low"}}, {"equals": null, "path": "error"}]}
            {"id": "flagged", "inputs": {"text": "ping"}, "fixtures": {"models": {"ask": {"text": "ok", "guards": {"findings": [{"check": "injection", "rule": "injection.persona", "action": "block", "message": "m", "excerpt": "e"}]}}}}, "assert": [{"guardFlagged": {"node": "ask"}}, {"blocked": true}, {"equals": "ok", "path": "nodes.ask.text"}]}
            """);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", workflow, dataset, "--format", "json");

        Assert.True(exit == 0, stderr + stdout);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal(3, report["cases"]!.AsArray().Count);
        Assert.All(report["cases"]!.AsArray(), c => Assert.All(c!["assertions"]!.AsArray(), a => Assert.True(a!["passed"]!.GetValue<bool>(), a["message"]!.ToString())));
        var approved = report["cases"]![0]!;
        var effect = Assert.Single(approved["effects"]!.AsArray(), e => e!["risk"]!.ToString() == "medium");
        Assert.Equal("notify", effect!["tool"]!.ToString());
        Assert.Equal("ping", effect["args"]!["text"]!.ToString());
        Assert.Equal("check", effect["approvedBefore"]![0]!.ToString());
        Assert.Equal("held", report["cases"]![1]!["status"]!.ToString());
    }

    [Fact]
    public async Task Every_assertion_kind_fails_with_a_message_on_a_case_that_does_not_meet_it()
    {
        var workflow = Write("probe.json", EvalProbe.Workflow());
        var dataset = Write("fail.jsonl", $$$"""
            {"id": "sent", "inputs": {"text": "ping"}, "approvals": {"check": {"decision": "approve"}}, {{{WeatherFixture}}}, "assert": [{"equals": "pong", "path": "output.text"}, {"contains": "zebra", "path": "nodes.ask.text"}, {"regex": "^rain", "path": "output.weather"}, {"schema": {"type": "object", "required": ["humidity"]}, "path": "nodes.look"}, {"range": {"min": 6}, "path": "output.n"}, {"noEffect": true}, {"held": true}, {"guardFlagged": true}, {"blocked": true}, {"anyOf": [{"equals": "a", "path": "output.text"}, {"equals": "b", "path": "output.text"}]}, {"allOf": [{"equals": "ping", "path": "output.text"}, {"equals": "b", "path": "output.text"}]}]}
            """);
        var unapproved = Write("unapproved.json", Unapproved);
        var effectData = Write("effect.jsonl", $$$"""
            {"id": "no-approval", "inputs": {"text": "ping"}, {{{WeatherFixture}}}, "assert": [{"approvedBeforeEffect": true}]}
            """);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", workflow, dataset, "--format", "json");
        var (effectExit, effectOut, effectErr) = await CliRunner.RunAsync("eval", workflow, effectData, "--variant", $"direct={unapproved}", "--format", "json");

        Assert.True(exit == 1, stderr + stdout);
        var assertions = JsonNode.Parse(stdout)!["cases"]![0]!["assertions"]!.AsArray();
        Assert.Equal(11, assertions.Count);
        Assert.All(assertions, a => Assert.False(a!["passed"]!.GetValue<bool>(), a["message"]!.ToString()));
        Assert.Contains("is \"ping\", expected \"pong\"", assertions[0]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("required", assertions[3]!["message"]!.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("outside [6, inf]", assertions[4]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("notify (medium) at send", assertions[5]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.True(effectExit == 1, effectErr + effectOut);
        var variants = JsonNode.Parse(effectOut)!["cases"]!.AsArray();
        Assert.True(variants.Single(c => c!["variant"]!.ToString() == "base")!["passed"]!.GetValue<bool>());
        var direct = variants.Single(c => c!["variant"]!.ToString() == "direct")!;
        Assert.Contains("no approval on the path before notify (medium) at send", direct["assertions"]![0]!["message"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_tool_without_a_fixture_is_refused_and_a_model_fixture_replaces_the_model()
    {
        var workflow = Write("probe.json", EvalProbe.Workflow());
        var dataset = Write("fixtures.jsonl", """
            {"id": "no-fixture", "inputs": {"text": "ping"}, "approvals": {"check": {"decision": "approve"}}, "assert": [{"equals": "ping", "path": "output.text"}]}
            {"id": "model-fixture", "inputs": {"text": "ping"}, "fixtures": {"models": {"ask": "FIXED ANSWER"}}, "assert": [{"equals": "FIXED ANSWER", "path": "nodes.ask.text"}, {"held": true}]}
            """);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", workflow, dataset, "--format", "json");

        Assert.True(exit == 1, stderr + stdout);
        var cases = JsonNode.Parse(stdout)!["cases"]!.AsArray();
        Assert.Equal("error", cases[0]!["status"]!.ToString());
        Assert.Contains("tool 'weather' (http) is not called during an eval; case 'no-fixture' has no fixtures.tools.weather", cases[0]!["error"]!.ToString(), StringComparison.Ordinal);
        Assert.True(cases[1]!["passed"]!.GetValue<bool>(), cases[1]!.ToJsonString());
        Assert.Equal(0, cases[1]!["tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task Variants_compare_side_by_side_and_JUnit_counts_each_suite()
    {
        var workflow = Write("probe.json", EvalProbe.Workflow());
        var unapproved = Write("unapproved.json", Unapproved);
        var dataset = Write("compare.jsonl", $$$"""
            {"id": "safe", "inputs": {"text": "ping"}, "approvals": {"check": {"decision": "approve"}}, {{{WeatherFixture}}}, "assert": [{"approvedBeforeEffect": true}]}
            {"id": "text", "inputs": {"text": "pong"}, {{{WeatherFixture}}}, "assert": [{"equals": "pong", "path": "output.text"}, {"anyOf": [{"held": true}, {"equals": "sunny", "path": "output.weather"}]}]}
            """);
        var junit = Path.Combine(Root, "out", "eval.xml");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", workflow, dataset, "--variant", $"direct={unapproved}", "--compare", "--junit", junit);

        Assert.True(exit == 1, stderr + stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^CASE\s+base\s+direct$", lines[0]);
        Assert.Matches(@"^safe\s+pass\s+FAIL \(completed\)$", lines[1]);
        Assert.Matches(@"^text\s+FAIL \(held\)\s+pass$", lines[2]);
        Assert.Contains(lines, l => l.StartsWith("pass rate", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("latency p50", StringComparison.Ordinal));
        var xml = XDocument.Load(junit);
        Assert.Equal("4", xml.Root!.Attribute("tests")!.Value);
        var suites = xml.Root.Elements("testsuite").ToList();
        Assert.Equal(["evalprobe.base", "evalprobe.direct"], suites.Select(s => s.Attribute("name")!.Value));
        Assert.All(suites, s => Assert.Equal("2", s.Attribute("tests")!.Value));
        Assert.All(suites, s => Assert.Equal("1", s.Attribute("failures")!.Value));
        Assert.Equal("text", suites[0].Elements("testcase").Single(t => t.Element("failure") is not null).Attribute("name")!.Value);
        var failed = suites[1].Elements("testcase").Single(t => t.Element("failure") is not null);
        Assert.Equal("safe", failed.Attribute("name")!.Value);
        Assert.Contains("approvedBeforeEffect", failed.Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_dataset_lines_are_reported_with_file_line_and_exit_2()
    {
        var workflow = Write("probe.json", EvalProbe.Workflow());
        var dataset = Write("bad.jsonl", """
            {"id": "ok", "assert": [{"held": true}]}
            {"id": "x", "assert": [
            {"id": "ghost", "approvals": {"reviewIt": {"decision": "approve"}}, "fixtures": {"tools": {"nope": {}}, "models": {"check": "x"}}, "assert": [{"equals": 1}]}
            """);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", workflow, dataset);
        var (usageExit, _, usageErr) = await CliRunner.RunAsync("eval", workflow);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("bad.jsonl:2: not valid JSON", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl:3: approvals: no node 'reviewIt' in workflow 'evalprobe'; approval nodes: check", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl:3: fixtures.tools: no tool 'nope'", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl:3: fixtures.models: no llm node 'check'", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl:3: assert[0]: equals needs a \"path\"", stderr, StringComparison.Ordinal);
        Assert.Equal(2, usageExit);
        Assert.Contains("agentflow eval:", usageErr, StringComparison.Ordinal);
    }
}
