using Microsoft.DurableTask;

namespace AgentFlow.Bench;

/// <summary>Minimal orchestrations that measure the backend, not the work.</summary>
internal static class BenchOrchestrations
{
    /// <summary>N sequential no-op activities.</summary>
    public sealed class Chain : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            var value = 0;
            for (var i = 0; i < input; i++)
            {
                value = await context.CallActivityAsync<int>(nameof(NoOp), value);
            }

            return value;
        }
    }

    /// <summary>Waits for one event, then completes.</summary>
    public sealed class AwaitEvent : TaskOrchestrator<string, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            context.SetCustomStatus("waiting");
            return await context.WaitForExternalEvent<string>("go");
        }
    }

    /// <summary>Adds one.</summary>
    public sealed class NoOp : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input + 1);
    }
}
