using System.Collections;
using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;
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
    private readonly LockedCollection _exported = new();
    private readonly TracerProvider _provider;

    public SpanCapture()
    {
        _provider = Sdk.CreateTracerProviderBuilder().AddSource(AgentFlowTelemetry.SourceName).AddInMemoryExporter(_exported).Build();
    }

    /// <summary>The node visit span the executor's spans must hang under.</summary>
    public ActivityContext Parent { get; } = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

    /// <summary>Ended spans of this trace, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => _exported.Snapshot(a => a.TraceId == Parent.TraceId);

    public void Dispose() => _provider.Dispose();

    // Spans of other tests' traces end on other threads.
    private sealed class LockedCollection : ICollection<Activity>
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

        public List<Activity> Snapshot(Func<Activity, bool> filter)
        {
            lock (_items)
            {
                return [.. _items.Where(filter)];
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

        public bool Contains(Activity item)
        {
            lock (_items)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (_items)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot(_ => true).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
