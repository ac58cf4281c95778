using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentFlow.Agents.Tests.Llm;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// The issue's feedback loop through the real <c>agentflow</c> process on the embedded backend, with the real llm
/// executor against an OpenAI-compatible server on 127.0.0.1: an editor rejects run 1's draft with a comment, and run
/// 2's draft call carries that comment in the agent's recalled memories.
/// </summary>
public sealed partial class FeedbackCommandTests : TempDirectoryTest
{
    private const string Comment = "Always mention the date in the subject";

    [Fact]
    public async Task Rejection_comment_is_listed_on_the_run_and_reaches_the_next_draft_through_the_agents_memory()
    {
        using var model = FakeModelServer.Start();
        model.Reply(ChatResponses.Text("LLMOps weekly: evals everywhere")).Reply(ChatResponses.Text("LLMOps weekly, 3 December: evals everywhere"));
        var file = Write("letter.json", $$$"""
            { "name": "letter",
              "inputs": { "topic": { "type": "string", "default": "LLMOps" } },
              "models": { "gpt": { "provider": "openai", "model": "gpt-test", "baseUrl": "{{{model.BaseUrl}}}", "apiKeyEnv": "AF_TEST_API_KEY" } },
              "agents": { "editor": { "model": "gpt", "instructions": "You write newsletter subject lines.", "memory": { "recall": 5 } } },
              "start": "draft",
              "nodes": {
                "draft": { "kind": "llm", "agent": "editor", "prompt": "Write the subject line of this week's {{ inputs.topic }} newsletter.", "next": "review" },
                "review": { "kind": "approval", "approvers": ["role:editor"], "show": { "subject": "{{ draft.text }}" }, "learn": true,
                            "next": [ { "when": "review.approved", "to": "send" }, { "to": "done" } ] },
                "send": { "kind": "set", "values": { "subject": "{{ review.values.subject }}" } },
                "done": { "kind": "end" }
              },
              "output": { "decision": "{{ review.decision }}" } }
            """);
        var environment = new Dictionary<string, string?> { ["AF_TEST_API_KEY"] = "sk-feedback-test" };
        var admin = (await CliRunner.RunAsync(environment, "operators", "add", "root", "--role", "admin", "--data-dir", DataDir)).Stdout.Trim();
        var alice = (await CliRunner.RunAsync(environment, "operators", "add", "alice", "--role", "editor", "--token", admin, "--data-dir", DataDir)).Stdout.Trim();

        // Run 1: alice rejects the draft with a comment.
        var first = await StartAsync(environment, file);
        var rejected = await CliRunner.RunAsync(environment, "reject", first, "review", "--comment", Comment, "--token", alice, "--data-dir", DataDir);
        Assert.True(rejected.ExitCode == 0, rejected.Stderr);
        var shown = await CliRunner.RunAsync(environment, "show", first, "--data-dir", DataDir);
        Assert.Contains($"feedback:\n  review: rejected by alice: \"{Comment}\"", shown.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var memories = (await CliRunner.RunAsync(environment, "memory", "export", "editor", "--data-dir", DataDir)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var memory = JsonNode.Parse(Assert.Single(memories))!;
        Assert.Equal(("feedback", first, "review"), (memory["metadata"]!["kind"]!.GetValue<string>(), memory["runId"]!.GetValue<string>(), memory["nodeId"]!.GetValue<string>()));

        // Run 2: the draft call sees the feedback; alice approves as shown, which records no feedback.
        var second = await StartAsync(environment, file);
        var recalled = model.Requests[1].Messages.Select(m => m!["content"]?.ToString() ?? string.Empty).Where(c => c.Contains("Relevant memories", StringComparison.Ordinal)).ToList();
        Assert.Contains(Comment, Assert.Single(recalled), StringComparison.Ordinal);
        Assert.DoesNotContain(model.Requests[0].Messages, m => (m!["content"]?.ToString() ?? string.Empty).Contains(Comment, StringComparison.Ordinal));
        var approved = await CliRunner.RunAsync(environment, "approve", second, "review", "--token", alice, "--data-dir", DataDir);
        Assert.True(approved.ExitCode == 0, approved.Stderr);
        var plain = JsonNode.Parse((await CliRunner.RunAsync(environment, "show", second, "--format", "json", "--data-dir", DataDir)).Stdout)!;
        Assert.Empty(plain["feedback"]!.AsArray());
        Assert.Single((await CliRunner.RunAsync(environment, "memory", "export", "editor", "--data-dir", DataDir)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<string> StartAsync(Dictionary<string, string?> environment, string file)
    {
        var started = await CliRunner.RunAsync(environment, "run", file, "--data-dir", DataDir);
        Assert.True(started.ExitCode == 4, started.Stderr);
        return RunId().Match(started.Stderr).Groups[1].Value;
    }

    [GeneratedRegex(@"run (letter-[0-9a-f]{8}) started")]
    private static partial Regex RunId();
}
