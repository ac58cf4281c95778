using System.Collections;
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
    private readonly Spans _spans = new();
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

    /// <summary>The exporter's collection; spans end on many threads at once.</summary>
    private sealed class Spans : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<Activity> Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(Activity item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
