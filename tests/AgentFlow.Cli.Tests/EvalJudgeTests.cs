using System.Text.Json.Nodes;
using AgentFlow.Agents.Tests.Llm;

namespace AgentFlow.Cli.Tests;

/// <summary><c>agentflow eval</c>'s model-graded criteria, judged by a model of the workflow served by the fake OpenAI-compatible server.</summary>
public sealed class EvalJudgeTests : TempDirectoryTest
{
    [Fact]
    public async Task Criteria_are_graded_by_the_judge_model_through_the_workflows_model_configuration()
    {
        using var model = FakeModelServer.Start();
        model.Reply(ChatResponses.Text("""{"met": true, "reason": "It names the text."}"""));
        model.Reply(ChatResponses.Text("""{"met": false, "reason": "It is not in French."}"""));
        model.Reply(ChatResponses.Text("I think so"));
        var judge = $$$"""{ "local": { "provider": "local" }, "judge": { "provider": "openai", "model": "gpt-judge", "baseUrl": "{{{model.BaseUrl}}}", "apiKeyEnv": "AF_TEST_API_KEY" } }""";
        var workflow = Write("probe.json", EvalProbe.Workflow(judge));
        var dataset = Write("judged.jsonl", """
            {"id": "judged", "inputs": {"text": "ping"}, "assert": [{"criteria": "It mentions ping", "path": "nodes.ask.text"}, {"criteria": "It is written in French", "path": "nodes.ask.text", "model": "judge"}, {"criteria": "It is short", "path": "nodes.ask.text"}]}
            """);
        var environment = new Dictionary<string, string?> { ["AF_TEST_API_KEY"] = "test-key" };

        var (exit, stdout, stderr) = await CliRunner.RunAsync(environment, "eval", workflow, dataset, "--judge", "judge", "--format", "json");
        var (noJudge, _, noJudgeErr) = await CliRunner.RunAsync(environment, "eval", workflow, dataset);

        Assert.True(exit == 1, stderr + stdout);
        var assertions = JsonNode.Parse(stdout)!["cases"]![0]!["assertions"]!.AsArray();
        Assert.True(assertions[0]!["passed"]!.GetValue<bool>(), assertions[0]!.ToJsonString());
        Assert.Contains("\"It mentions ping\" met: It names the text. (judge: judge)", assertions[0]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.False(assertions[1]!["passed"]!.GetValue<bool>());
        Assert.Contains("not met: It is not in French.", assertions[1]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.False(assertions[2]!["passed"]!.GetValue<bool>());
        Assert.Contains("the judge's answer is not", assertions[2]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, model.Requests.Count);
        var asked = model.Requests[0];
        Assert.Equal("gpt-judge", asked.Json["model"]!.ToString());
        Assert.Equal("Bearer test-key", asked.Header("authorization"));
        Assert.Contains("Criterion: It mentions ping", asked.Messages[^1]!["content"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, noJudge);
        Assert.Contains("judged.jsonl:1: case 'judged' has a criteria assertion without a model; pass --judge MODEL", noJudgeErr, StringComparison.Ordinal);
    }
}
