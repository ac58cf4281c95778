using System.Threading.Channels;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Retention;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.Tests.Support;
using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentFlow.Engine.Tests.Retention;

/// <summary>
/// The host's retention on a fake clock: each pass (at start, then every interval) purges the finished runs past their
/// status's age, with their sub-runs, ledger entries and definitions, and never a recent or waiting run.
/// </summary>
public sealed class RetentionServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly WorkflowHarness _harness = new();
    private readonly Channel<RetentionPassEventArgs> _passes = Channel.CreateUnbounded<RetentionPassEventArgs>();

    public Task InitializeAsync() => _harness.InitializeAsync();

    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Passes_purge_each_finished_run_once_past_its_retention_and_never_a_waiting_one()
    {
        await using var ledger = new SqliteEffectLedger(_harness.Options.DataDirectory);
        _harness.Write("child.json", """{ "name": "child", "start": "a", "nodes": { "a": { "kind": "set", "values": { "ok": true } } } }""");
        var done = _harness.Write("done.json", """{ "name": "done", "start": "call", "nodes": { "call": { "kind": "workflow", "path": "child.json" } } }""");
        var broken = _harness.Write("broken.json", """{ "name": "broken", "start": "a", "nodes": { "a": { "kind": "fail", "message": "boom" } } }""");
        var gate = _harness.Write("gate.json", """
            { "name": "gate", "start": "review",
              "nodes": { "review": { "kind": "approval", "approvers": ["role:ops"], "timeout": "P1D", "next": "after" },
                         "after": { "kind": "set", "values": { "ok": true } } } }
            """);
        var completed = await _harness.RunAsync(done);
        var failed = await _harness.RunAsync(broken);
        var waiting = await _harness.RunAsync(gate);
        Assert.Equal((RunStatus.Completed, RunStatus.Failed, RunStatus.Waiting), (completed.Status, failed.Status, waiting.Status));
        Assert.NotEmpty(await InstancesAsync(completed.RunId + RunIds.ChildSeparator));
        await ledger.BeginAsync($"{completed.RunId}/call/1", "test.count", completed.RunId, "call");
        await ledger.BeginAsync($"{waiting.RunId}/review/1", "test.count", waiting.RunId, "review");
        var definitions = Directory.GetFiles(Path.Combine(_harness.Options.DataDirectory, "definitions")).Length;

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var retention = new RetentionOptions { Completed = TimeSpan.FromDays(30), Failed = TimeSpan.FromDays(60), Interval = TimeSpan.FromHours(1) };
        using var service = new RetentionService(() => _harness.Client, () => ledger, Microsoft.Extensions.Options.Options.Create(retention), NullLogger<RetentionService>.Instance, clock);
        service.PassCompleted += (_, pass) => _passes.Writer.TryWrite(pass);
        await service.StartAsync(CancellationToken.None);
        try
        {
            // At start: everything finished just now, so nothing is due.
            Assert.Empty((await NextPassAsync()).Runs);

            clock.Advance(TimeSpan.FromDays(31));
            var first = await NextPassAsync();
            Assert.Equal([completed.RunId], first.Runs);
            Assert.Equal(1, first.LedgerEntries);
            Assert.Equal(2, first.Definitions.Count); // done.json and the child.json it calls
            Assert.Null(await _harness.Client.GetAsync(completed.RunId));
            Assert.Empty(await InstancesAsync(completed.RunId + RunIds.ChildSeparator));
            Assert.Null(await ledger.GetAsync($"{completed.RunId}/call/1"));
            Assert.NotNull(await _harness.Client.GetAsync(failed.RunId));
            Assert.Equal(definitions - 2, Directory.GetFiles(Path.Combine(_harness.Options.DataDirectory, "definitions")).Length);

            clock.Advance(TimeSpan.FromDays(30));
            var second = await NextPassAsync();
            Assert.Equal([failed.RunId], second.Runs);
            Assert.Null(await _harness.Client.GetAsync(failed.RunId));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Equal(RunStatus.Waiting, (await _harness.Client.GetAsync(waiting.RunId))!.Status);
        Assert.NotNull(await ledger.GetAsync($"{waiting.RunId}/review/1"));
        Assert.NotNull(await _harness.Runtime.Store.GetAsync(await PinAsync(waiting.RunId)));
        await _harness.Client.CancelAsync(waiting.RunId, "test done");
    }

    [Fact]
    public async Task Service_does_nothing_when_retention_is_off()
    {
        await using var ledger = new SqliteEffectLedger(_harness.Options.DataDirectory);
        var run = await _harness.RunAsync(_harness.Write("done.json", """{ "name": "done", "start": "a", "nodes": { "a": { "kind": "set", "values": { "ok": true } } } }"""));
        using var service = new RetentionService(() => _harness.Client, () => ledger, Microsoft.Extensions.Options.Options.Create(new RetentionOptions()), NullLogger<RetentionService>.Instance, new FakeTimeProvider());
        service.PassCompleted += (_, pass) => _passes.Writer.TryWrite(pass);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(HangGuard);

        Assert.NotNull(await _harness.Client.GetAsync(run.RunId));
        Assert.False(_passes.Reader.TryRead(out _));
    }

    private async Task<PurgeReport> NextPassAsync()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var pass = await _passes.Reader.ReadAsync(guard.Token);
        Assert.Null(pass.Error);
        return pass.Report;
    }

    private async Task<string> PinAsync(string runId)
    {
        var state = await _harness.Host.Client.GetOrchestrationStateAsync(runId);
        return System.Text.Json.JsonDocument.Parse(state!.Input).RootElement.GetProperty("pin").GetString()!;
    }

    private async Task<List<string>> InstancesAsync(string prefix)
    {
        var queries = (IOrchestrationServiceQueryClient)_harness.Host.Backend.Client;
        var page = await queries.GetOrchestrationWithQueryAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 100 }, CancellationToken.None);
        return [.. page.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId)];
    }
}
