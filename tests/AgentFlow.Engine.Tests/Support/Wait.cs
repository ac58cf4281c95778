using System.Text.Json;
using AgentFlow.Engine.Hosting;
using DurableTask.Core;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>Waiting on real conditions with a deadline (never a fixed sleep).</summary>
internal static class Wait
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static async Task<OrchestrationState> ForCompletionAsync(AgentFlowHost host, OrchestrationInstance instance)
    {
        var state = await host.Client.WaitForOrchestrationAsync(instance, Deadline);
        if (state is null)
        {
            var last = await host.Client.GetOrchestrationStateAsync(instance.InstanceId);
            var history = last is null ? "none" : await host.Client.GetOrchestrationHistoryAsync(last.OrchestrationInstance);
            Assert.Fail($"orchestration {instance.InstanceId} did not finish within {Deadline.TotalSeconds} s; last status {last?.OrchestrationStatus} '{last?.Status}'; history {history}");
        }

        return state!;
    }

    public static async Task ForCustomStatusAsync(AgentFlowHost host, OrchestrationInstance instance, string status)
    {
        var expected = JsonSerializer.Serialize(status);
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var state = await host.Client.GetOrchestrationStateAsync(instance.InstanceId);
            if (state?.Status == expected)
            {
                return;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Waits until the instance has the runtime status <paramref name="status"/> (e.g. Running: it has started).</summary>
    public static async Task ForStatusAsync(AgentFlowHost host, OrchestrationInstance instance, OrchestrationStatus status)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while ((await host.Client.GetOrchestrationStateAsync(instance.InstanceId))?.OrchestrationStatus != status)
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    public static T? Output<T>(OrchestrationState state) =>
        state.Output is null ? default : JsonSerializer.Deserialize<T>(state.Output, Web);
}
