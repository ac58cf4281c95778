using System.Diagnostics.Metrics;
using AgentFlow.Abstractions.Telemetry;

namespace AgentFlow.Agents.Tests.Telemetry;

/// <summary>Measurements of AgentFlow's instruments, heard with a <see cref="MeterListener"/> while it lives.</summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Measurement> _measurements = [];

    public MetricCapture()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AgentFlowTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The measurements of the instrument named <paramref name="name"/> whose tags include <paramref name="agent"/>.</summary>
    public IReadOnlyList<Measurement> Of(string name, string agent)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == name && Equals(m.Tags.GetValueOrDefault(TelemetryTags.GenAiAgentName), agent))];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add(new Measurement(instrument.Name, value, copy));
        }
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
