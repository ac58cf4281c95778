using System.Diagnostics.Metrics;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.TestWorker;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Telemetry;

/// <summary>The <c>agentflow.backlog</c> gauge and the embedded backend's count of work due.</summary>
public sealed class BacklogGaugeTests() : ScratchDirectoryTest("agentflow-backlog-")
{
    [Fact]
    public async Task CountPendingWork_RunStartedWithNoWorker_CountsItsStartMessage_AndTheRunningWorkerReportsTheGauge()
    {
        var file = Path.Combine(Scratch, "backlog.json");
        await File.WriteAllTextAsync(file, """{ "name": "backlog", "start": "s", "nodes": { "s": { "kind": "set", "values": { "ok": true } } } }""");
        var options = new AgentFlowEngineOptions { Backend = BackendKind.Sqlite, DataDirectory = DataDir };
        var runtime = TestRuntime.Create(WorkflowRuntime.CreateStore(options), Effects);
        await using var host = await AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddWorkflowRuntime(runtime).Configure(o => o.DataDirectory = DataDir));
        var client = new RunClient(host, runtime);
        var backlog = Assert.IsAssignableFrom<IRunBacklog>(host.Backend);
        Assert.Equal(0, backlog.CountPendingWork());

        var runId = await client.StartAsync(await client.PrepareAsync(file, null));
        Assert.Equal(1, backlog.CountPendingWork());

        var readings = new List<(long Value, object? Backend)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AgentFlowTelemetry.MeterName && instrument.Name == "agentflow.backlog")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => readings.Add((value, tags.ToArray().Single(t => t.Key == TelemetryTags.Backend).Value)));
        listener.Start();
        await host.StartWorkerAsync();
        listener.RecordObservableInstruments();

        Assert.Contains(readings, r => Equals(r.Backend, "sqlite") && r.Value >= 0);
        Assert.Equal(RunStatus.Completed, (await RunPolling.UntilAsync(client, runId, r => r.IsFinished)).Status);
        Assert.Equal(0, backlog.CountPendingWork());
    }
}
