using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;

namespace AgentFlow.Engine.TestWorker;

/// <summary>Code tools with observable side effects, for engine tests and the crash-test worker.</summary>
public static class TestTools
{
    /// <summary>The test tools; <paramref name="sideEffectFile"/> receives one line per effect.</summary>
    public static IReadOnlyList<ICodeTool> Create(string sideEffectFile) =>
        [new Count(sideEffectFile), new Flaky(), new Sleep(), new CountThenDie(sideEffectFile), new StubbornSleepTool(), new InFlightTool()];

    /// <summary>
    /// <c>test.count</c>: appends "KEY" to the side-effect file and returns how many lines it has; with
    /// <c>args.holdMs</c> it then waits before returning (an effect whose confirmation is slow: a crash then leaves it in doubt).
    /// </summary>
    private sealed class Count(string file) : ICodeTool
    {
        private static readonly Lock Gate = new();

        public string Name => "test.count";

        public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
        {
            int lines;
            lock (Gate)
            {
                File.AppendAllText(file, toolCall.Execution.IdempotencyKey + "\n");
                lines = File.ReadAllLines(file).Length;
            }

            if (toolCall.Args["holdMs"]?.GetValue<int>() is { } hold)
            {
                await Task.Delay(hold, cancellationToken);
            }

            return new JsonObject { ["key"] = toolCall.Execution.IdempotencyKey, ["lines"] = lines, ["args"] = toolCall.Args.DeepClone() };
        }
    }

    /// <summary>
    /// <c>test.die</c>: appends "KEY" to the side-effect file, then kills its own process (SIGKILL) before it can
    /// return: a crash between an effect and its completion. Only in a process started with AGENTFLOW_TEST_ALLOW_DIE=1.
    /// </summary>
    private sealed class CountThenDie(string file) : ICodeTool
    {
        public string Name => "test.die";

        public Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
        {
            if (Environment.GetEnvironmentVariable("AGENTFLOW_TEST_ALLOW_DIE") != "1")
            {
                throw new NodeExecutionException("test.die only runs in the crash-test worker process");
            }

            File.AppendAllText(file, toolCall.Execution.IdempotencyKey + "\n");
            System.Diagnostics.Process.GetCurrentProcess().Kill();
            return Task.FromResult<JsonNode?>(null);
        }
    }

    /// <summary><c>test.flaky</c>: fails until attempt <c>args.succeedOn</c>.</summary>
    private sealed class Flaky : ICodeTool
    {
        public string Name => "test.flaky";

        public Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
        {
            var succeedOn = toolCall.Args["succeedOn"]?.GetValue<int>() ?? 1;
            return toolCall.Execution.Attempt < succeedOn
                ? throw new NodeExecutionException($"flaky failure on attempt {toolCall.Execution.Attempt}")
                : Task.FromResult<JsonNode?>(new JsonObject { ["attempt"] = toolCall.Execution.Attempt, ["key"] = toolCall.Execution.IdempotencyKey });
        }
    }

    /// <summary><c>test.sleep</c>: waits <c>args.ms</c> milliseconds.</summary>
    private sealed class Sleep : ICodeTool
    {
        public string Name => "test.sleep";

        public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
        {
            var ms = toolCall.Args["ms"]?.GetValue<int>() ?? 0;
            await Task.Delay(ms, cancellationToken);
            return new JsonObject { ["slept"] = ms };
        }
    }
}
