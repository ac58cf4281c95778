using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;
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

    /// <summary>
    /// Adds one, with the telemetry a product node has: a span on AgentFlow's source and a node-duration measurement.
    /// With tracing off both cost a null check (no listener), as in the product.
    /// </summary>
    public sealed class NoOp : TaskActivity<int, int>
    {
        private static readonly KeyValuePair<string, object?> Kind = new(TelemetryTags.NodeKind, "noop");

        public override Task<int> RunAsync(TaskActivityContext context, int input)
        {
            var started = Stopwatch.GetTimestamp();
            using var span = AgentFlowTelemetry.Source.StartActivity("bench.step");
            span?.SetTag(TelemetryTags.NodeKind, "noop").SetTag(TelemetryTags.Iteration, input);
            AgentFlowMetrics.NodeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Kind);
            return Task.FromResult(input + 1);
        }
    }
}
