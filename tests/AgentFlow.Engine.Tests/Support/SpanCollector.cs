using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>
/// An OpenTelemetry tracer provider on AgentFlow's source that exports every finished span to memory. Other tests of
/// the process run workflows at the same time, so spans are read by trace (<see cref="TraceOf"/>).
/// </summary>
internal sealed class SpanCollector : IDisposable
{
    private readonly ExportedSpans _spans = new();
    private readonly TracerProvider _provider;

    public SpanCollector() =>
        _provider = Sdk.CreateTracerProviderBuilder().AddSource(AgentFlowTelemetry.SourceName).AddInMemoryExporter(_spans).Build()!;

    /// <summary>Every span exported so far.</summary>
    public IReadOnlyList<Activity> All => _spans.Snapshot();

    /// <summary>Every span of the trace of run <paramref name="runId"/> (found by its run span), in the order they ended.</summary>
    public IReadOnlyList<Activity> TraceOf(string runId)
    {
        var all = _spans.Snapshot();
        var run = all.Single(s => s.OperationName.StartsWith("run ", StringComparison.Ordinal) && (string?)s.GetTagItem(TelemetryTags.RunId) == runId && s.ParentSpanId == default);
        return [.. all.Where(s => s.TraceId == run.TraceId)];
    }

    public void Dispose() => _provider.Dispose();
}
