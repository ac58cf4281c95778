using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>Activity nodes: dispatch by kind, idempotency keys, retries, timeouts, onError, unavailable kinds.</summary>
public sealed class ActivityNodeTests(WorkflowHarness harness) : IClassFixture<WorkflowHarness>
{
    [Fact]
    public async Task Llm_and_tool_nodes_dispatch_to_their_executors_with_rendered_input()
    {
        var file = harness.Write("dispatch.json", """
            { "name": "dispatch", "models": { "m": { "provider": "local" } }, "agents": { "a": { "model": "m" } },
              "tools": { "shape": { "kind": "code", "risk": "low", "name": "json.transform" } },
              "start": "ask",
              "nodes": { "ask": { "kind": "llm", "agent": "a", "prompt": "say {{ 'hi' }}", "next": "shape" },
                         "shape": { "kind": "tool", "tool": "shape", "args": { "input": [ { "n": 2 }, { "n": 1 }, { "n": 3 } ], "sortBy": "n", "take": 2 } } },
              "output": { "text": "{{ ask.text }}", "sorted": "{{ shape.result }}" } }
            """);
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("SAY HI", run.Output!["text"]!.GetValue<string>());
        Assert.Equal("[{\"n\":1},{\"n\":2}]", run.Output["sorted"]!.ToJsonString());
        Assert.Equal("say hi", run.Timeline[0].Input!["prompt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retries_keep_the_idempotency_key_and_count_attempts()
    {
        var file = harness.Write("retry.json", """
            { "name": "retrying", "tools": { "flaky": { "kind": "code", "risk": "low", "name": "test.flaky" } }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "flaky", "args": { "succeedOn": 3 }, "retry": { "max": 2, "backoff": "PT0.05S" } } } }
            """);
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(3, run.Output!["attempt"]!.GetValue<int>());
        Assert.Equal($"{run.RunId}/call/1", run.Output["key"]!.GetValue<string>());
        Assert.Equal(3, Assert.Single(run.Timeline).Attempts);
    }

    [Fact]
    public async Task Exhausted_retries_fail_the_run_naming_node_and_attempts()
    {
        var file = harness.Write("retry-fail.json", """
            { "name": "giving-up", "tools": { "flaky": { "kind": "code", "risk": "low", "name": "test.flaky" } }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "flaky", "args": { "succeedOn": 5 }, "retry": { "max": 1, "backoff": "PT0.05S" } } } }
            """);
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("node 'call' (tool) failed after 2 attempts: flaky failure on attempt 2", run.Error);
    }

    [Fact]
    public async Task Timeout_fails_the_node_and_onError_sees_the_error()
    {
        var file = harness.Write("timeout.json", """
            { "name": "slow", "tools": { "slow": { "kind": "code", "risk": "low", "name": "test.sleep" } }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "slow", "args": { "ms": 5000 }, "timeout": "PT0.3S", "onError": "fallback" },
                         "fallback": { "kind": "set", "values": { "error": "{{ error.message }}", "kind": "{{ error.kind }}" } } } }
            """);
        var run = await harness.RunAsync(file);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("node 'call' (tool) failed: timed out after PT0.3S (the node's timeout)", run.Output!["error"]!.GetValue<string>());
        Assert.Equal("tool", run.Output["kind"]!.GetValue<string>());
        Assert.Equal(NodeStatus.Failed, run.Timeline[0].Status);
    }

    [Fact]
    public async Task Timeout_preempts_a_tool_that_ignores_cancellation_and_the_run_finishes_at_the_deadline()
    {
        var file = harness.Write("timeout-stubborn.json", """
            { "name": "stubborn", "tools": { "stuck": { "kind": "code", "risk": "low", "name": "test.stubborn" } }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "stuck", "args": { "ms": 5000 }, "timeout": "PT0.3S", "onError": "fallback" },
                         "fallback": { "kind": "set", "values": { "error": "{{ error.message }}" } } } }
            """);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await harness.RunAsync(file);
        var elapsed = clock.Elapsed;

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("node 'call' (tool) failed: timed out after PT0.3S (the node's timeout)", run.Output!["error"]!.GetValue<string>());

        // The tool sleeps 5 s whatever its token says; the run must not wait for it (4 s leaves room for a loaded machine).
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"the run took {elapsed}: it waited for the tool instead of its timeout");
    }

    [Fact]
    public async Task Timeout_then_retry_runs_the_next_attempt_without_waiting_for_the_stuck_one()
    {
        var file = harness.Write("timeout-retry.json", """
            { "name": "stubborn-retry", "tools": { "stuck": { "kind": "code", "risk": "low", "name": "test.stubborn" } }, "start": "call",
              "nodes": { "call": { "kind": "tool", "tool": "stuck", "args": { "ms": 5000 }, "timeout": "PT0.2S", "retry": { "max": 1, "backoff": "PT0.01S" } } } }
            """);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await harness.RunAsync(file);
        var elapsed = clock.Elapsed;

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("node 'call' (tool) failed after 2 attempts: timed out after PT0.2S (the node's timeout)", run.Error);
        Assert.Equal(2, Assert.Single(run.Timeline).Attempts);
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"the run took {elapsed}: an attempt waited for the tool instead of its timeout");
    }

    [Fact]
    public async Task A_node_kind_without_executor_is_refused_before_the_run_starts()
    {
        var file = harness.Write("unavailable.json", """
            { "name": "unavailable", "sources": { "docs": { "kind": "files", "path": "*.md" } }, "start": "find",
              "nodes": { "find": { "kind": "retrieve", "source": "docs", "query": "x" } } }
            """);

        var ex = await Assert.ThrowsAsync<WorkflowNotRunnableException>(() => harness.Client.PrepareAsync(file, null));
        Assert.Contains("node 'find' ($.nodes.find): 'retrieve' nodes are not available in this build yet", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_code_tool_is_refused_before_the_run_starts()
    {
        var file = harness.Write("unregistered.json", """
            { "name": "unregistered", "tools": { "pay": { "kind": "code", "risk": "low", "name": "payments.refund" } }, "start": "go",
              "nodes": { "go": { "kind": "tool", "tool": "pay" } } }
            """);

        var ex = await Assert.ThrowsAsync<WorkflowNotRunnableException>(() => harness.Client.PrepareAsync(file, null));
        Assert.Contains("code tool 'payments.refund', which is not registered", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }
}
