using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AgentFlow.Agents.Tests.Telemetry;

/// <summary>
/// AgentFlow's spans exported to memory by the OpenTelemetry SDK, as a host exports them. Every provider hears every
/// AgentFlow span of the process (tests run in parallel), so a test reads only the spans of its own trace:
/// <see cref="Parent"/> is a node visit's span context in a new trace, given to the executor as its TraceParent.
/// </summary>
internal sealed class SpanCapture : IDisposable
{
    private readonly ExportedSpans _exported = new();
    private readonly TracerProvider _provider;

    public SpanCapture()
    {
        _provider = Sdk.CreateTracerProviderBuilder().AddSource(AgentFlowTelemetry.SourceName).AddInMemoryExporter(_exported).Build();
    }

    /// <summary>The node visit span the executor's spans must hang under.</summary>
    public ActivityContext Parent { get; } = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

    /// <summary>Ended spans of this trace, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. _exported.Snapshot().Where(a => a.TraceId == Parent.TraceId)];

    public void Dispose() => _provider.Dispose();
}
