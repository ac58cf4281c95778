using System.Diagnostics.Metrics;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Telemetry;

/// <summary>Run, node and approval metrics, counted once per run and node although every step replays the run.</summary>
public sealed class RunMetricsTests(ReplayingWorkflowHarness harness) : IClassFixture<ReplayingWorkflowHarness>, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    [Fact]
    public async Task ApprovedRun_CountsStartAndCompletionOnce_AndTimesEachNodeAndTheApprovalOnce()
    {
        Listen();
        var file = harness.Write("metrics-run.json", """
            { "name": "metered-run", "tools": { "count": { "kind": "code", "risk": "low", "name": "test.count" } }, "start": "one",
              "nodes": { "one": { "kind": "tool", "tool": "count", "args": { "n": 1 }, "next": "gate" },
                         "gate": { "kind": "approval", "approvers": ["role:ops"], "next": "two" },
                         "two": { "kind": "tool", "tool": "count", "args": { "n": 2 } } } }
            """);
        var waiting = await harness.RunAsync(file);
        await harness.Client.RaiseEventAsync(waiting.RunId, "approval:gate", new ApprovalDecision(false, "ops-op", "no", null, ["ops"]));
        var run = await harness.UntilAsync(waiting.RunId, r => r.IsFinished);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, Count("agentflow.runs.started", "metered-run"));
        Assert.Equal(1, Count("agentflow.runs.completed", "metered-run"));
        Assert.Equal(0, Count("agentflow.runs.failed", "metered-run"));
        var approval = Assert.Single(Measured("agentflow.approval.wait"), m => Equals(m.Tags[TelemetryTags.Workflow], "metered-run"));
        Assert.Equal("rejected", approval.Tags[TelemetryTags.Outcome]);
        Assert.Equal(approval.Value, Assert.Single(Measured("agentflow.node.duration"), m => Equals(m.Tags[TelemetryTags.NodeKind], "approval") && m.Value == approval.Value).Value);
    }

    public void Dispose() => _listener.Dispose();

    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AgentFlowTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measured(string instrument)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument)];
        }
    }

    private double Count(string instrument, string workflow) =>
        Measured(instrument).Where(m => Equals(m.Tags.GetValueOrDefault(TelemetryTags.Workflow), workflow)).Sum(m => m.Value);
}
