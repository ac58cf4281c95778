using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentFlow.Agents.Tests.Llm;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// The issue's budget test through the real <c>agentflow</c> process, the real llm executor and an OpenAI-compatible
/// server on 127.0.0.1: a loop of 100 model calls with <c>budget.tokens</c> pauses at the <c>budget</c> approval right
/// before the call that would cross the limit, an operator continues it with a higher limit, and the tokens the run
/// records are exactly what the server reported.
/// </summary>
public sealed class BudgetCommandTests : TempDirectoryTest
{
    private const string ApiKey = "sk-budget-test";

    [Fact]
    public async Task A_100_call_loop_pauses_within_one_call_of_its_token_budget_and_completes_when_continued()
    {
        using var model = FakeModelServer.Start();
        // 70 tokens a call while the budget of 1000 applies: 14 calls (980) fit, the 15th would cross it.
        var usage = Enumerable.Range(0, 100).Select(i => i < 14 ? (Prompt: 50, Completion: 20) : (Prompt: 40 + (i % 7), Completion: 10 + (i % 5))).ToList();
        foreach (var (prompt, completion) in usage)
        {
            model.Reply(ChatResponses.Text("ok", prompt, completion));
        }

        var file = Write("loop.json", $$$"""
            { "name": "loop",
              "models": { "gpt": { "provider": "openai", "model": "gpt-test", "baseUrl": "{{{model.BaseUrl}}}", "apiKeyEnv": "AF_TEST_API_KEY" } },
              "agents": { "writer": { "model": "gpt" } },
              "budget": { "tokens": 1000, "approvers": ["role:finance"] },
              "start": "ask",
              "nodes": { "ask": { "kind": "llm", "agent": "writer", "prompt": "Say ok.", "maxVisits": 100, "next": "count" },
                         "count": { "kind": "set", "values": { "n": "{{ count.n | default: 0 | plus: 1 }}" }, "maxVisits": 100,
                                    "next": [ { "when": "count.n < 100", "to": "ask" }, { "to": "done" } ] },
                         "done": { "kind": "end" } },
              "output": { "calls": "{{ count.n }}" } }
            """);
        var environment = new Dictionary<string, string?> { ["AF_TEST_API_KEY"] = ApiKey };
        var token = (await CliRunner.RunAsync(environment, "operators", "add", "fiona", "--role", "finance", "--data-dir", DataDir)).Stdout.Trim();

        var started = await CliRunner.RunAsync(environment, "run", file, "--data-dir", DataDir);
        Assert.True(started.ExitCode == 4, started.Stderr);
        var runId = Regex.Match(started.Stderr, @"run (loop-[0-9a-f]{8}) started").Groups[1].Value;
        Assert.Contains($"waits for approval at node 'budget' (approvers: role:finance); to approve: agentflow approve {runId} budget", started.Stderr, StringComparison.Ordinal);
        Assert.Equal(14, model.Requests.Count);

        var listed = await CliRunner.RunAsync(environment, "approvals", "--data-dir", DataDir);
        Assert.Matches($@"{runId}\s+budget\s+role:finance", listed.Stdout);
        var paused = JsonNode.Parse((await CliRunner.RunAsync(environment, "show", runId, "--format", "json", "--data-dir", DataDir)).Stdout)!;
        var shown = paused["progress"]!["waiting"]![0]!["show"]!;
        Assert.Equal(("tokens", "workflow", 980, 2000, "ask"), (shown["reached"]!.GetValue<string>(), shown["scope"]!.GetValue<string>(), shown["used"]!.GetValue<int>(), shown["limit"]!.GetValue<int>(), shown["node"]!.GetValue<string>()));
        Assert.StartsWith("budget reached: tokens 980 of 1000 before node 'ask'", shown["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var approved = await CliRunner.RunAsync(environment, "approve", runId, "budget", "--set", "limit=10000", "--comment", "worth it", "--token", token, "--data-dir", DataDir);
        Assert.True(approved.ExitCode == 0, approved.Stderr);
        Assert.Equal(100, JsonNode.Parse(approved.Stdout)!["calls"]!.GetValue<int>());

        Assert.Equal(100, model.Requests.Count);
        var done = JsonNode.Parse((await CliRunner.RunAsync(environment, "show", runId, "--format", "json", "--data-dir", DataDir)).Stdout)!;
        var recorded = done["progress"]!["usage"]!;
        Assert.Equal(
            (usage.Sum(u => u.Prompt), usage.Sum(u => u.Completion), 100),
            (recorded["inputTokens"]!.GetValue<int>(), recorded["outputTokens"]!.GetValue<int>(), recorded["modelCalls"]!.GetValue<int>()));
        var nodeTokens = done["timeline"]!.AsArray().Where(r => r!["node"]!.GetValue<string>() == "ask").Sum(r => r!["usage"]!["inputTokens"]!.GetValue<int>() + r["usage"]!["outputTokens"]!.GetValue<int>());
        Assert.Equal(usage.Sum(u => u.Prompt + u.Completion), nodeTokens);

        var audit = await CliRunner.RunAsync(environment, "audit", runId, "--data-dir", DataDir);
        Assert.Matches(@"decision\s+fiona\s+approved\s+worth it; edits \{""limit"":10000\}", audit.Stdout);
    }
}
