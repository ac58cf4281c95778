using System.Diagnostics.Metrics;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Backends;

namespace AgentFlow.Engine.Telemetry;

/// <summary>
/// The <c>agentflow.backlog</c> gauge: work items the backend of each running worker has due and not done. One
/// instrument per process on <see cref="AgentFlowTelemetry.Meter"/>; each worker adds its backend while it runs. The
/// backend is asked only when a metrics listener collects, so the gauge costs nothing when metrics are off.
/// </summary>
internal static class BacklogGauge
{
    private static readonly Lock Gate = new();
    private static readonly List<(IRunBacklog Backlog, string Backend)> Backends = [];
    private static ObservableGauge<long>? _gauge;

    /// <summary>Reports <paramref name="backlog"/> until the returned handle is disposed.</summary>
    public static IDisposable Track(IRunBacklog backlog, string backend)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        lock (Gate)
        {
            _gauge ??= AgentFlowTelemetry.Meter.CreateObservableGauge("agentflow.backlog", Observe, "{work item}", "Work items the backend has due and not yet done (orchestration messages and activities).");
            Backends.Add((backlog, backend));
        }

        return new Registration(backlog);
    }

    private static IEnumerable<Measurement<long>> Observe()
    {
        (IRunBacklog Backlog, string Backend)[] backends;
        lock (Gate)
        {
            backends = [.. Backends];
        }

        var measurements = new List<Measurement<long>>(backends.Length);
        foreach (var (backlog, backend) in backends)
        {
            try
            {
                measurements.Add(new Measurement<long>(backlog.CountPendingWork(), new KeyValuePair<string, object?>(TelemetryTags.Backend, backend)));
            }
#pragma warning disable CA1031 // A store that cannot be read now (busy, closing) skips one reading; it must not break the collection.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        return measurements;
    }

    private sealed class Registration(IRunBacklog backlog) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (Gate)
                {
                    Backends.RemoveAt(Backends.FindIndex(b => ReferenceEquals(b.Backlog, backlog)));
                }
            }
        }
    }
}
