using System.Text.Json.Nodes;
using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Orchestration;
using AgentFlow.Engine.Runs;
using AgentFlow.Engine.TestWorker;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Runs;

/// <summary>
/// A 200-item map (two chunk sub-orchestrations) with a medium-risk tool survives ten kill -9s of its worker: every
/// effect in doubt is settled through the ledger and delivered to the chunk that waits, and every effect happens once.
/// </summary>
public sealed class MapCrashTests() : ScratchDirectoryTest("agentflow-mapcrash-")
{
    private const int Kills = 10;
    [Fact]
    public async Task Ten_kills_during_a_200_item_map_settle_every_effect_once_and_complete_the_run()
    {
        var file = Path.Combine(Scratch, "map-crash.json");
        await File.WriteAllTextAsync(file, """
            { "name": "map-crash", "inputs": { "items": { "type": "array" } },
              "tools": { "pay": { "kind": "code", "risk": "medium", "name": "test.count" } }, "start": "each",
              "nodes": { "each": { "kind": "map", "items": "inputs.items", "as": "x", "concurrency": 4,
                                   "do": { "kind": "tool", "tool": "pay", "args": { "item": "{{ x }}", "holdMs": 250 } } } },
              "output": { "keys": "{{ each.items | map: 'key' }}" } }
            """);
        var options = new AgentFlowEngineOptions { Backend = BackendKind.Sqlite, DataDirectory = DataDir };
        var runtime = TestRuntime.Create(WorkflowRuntime.CreateStore(options), Effects);
        await using var clientHost = await AgentFlowHost.CreateAsync(new AgentFlowHostBuilder().AddWorkflowRuntime(runtime).Configure(o => o.DataDirectory = DataDir));
        var client = new RunClient(clientHost, runtime);
        await using var ledger = new SqliteEffectLedger(DataDir);
        var items = new JsonArray([.. Enumerable.Range(0, 200).Select(i => (JsonNode)JsonValue.Create(i))]);
        var runId = await client.StartAsync(await client.PrepareAsync(file, new JsonObject { ["items"] = items }));

        // A fixed seed: the kill times vary over the run, and a failure can be replayed. Each kill follows a new effect
        // line, whose tool then holds 250 ms before it confirms: long enough that a loaded machine still kills inside it.
        var random = new Random(11);
        var kills = 0;
        var settled = 0;
        while (kills < Kills)
        {
            await using var worker = await WorkerProcess.StartAsync("sqlite", DataDir, "unused", Effects);
            var target = LineCount() + 1 + random.Next(12);
            using var deadline = new CancellationTokenSource(Wait.Deadline);
            while (LineCount() < target)
            {
                settled += await SettleInDoubtAsync(client, ledger, runId);
                await Task.Delay(20, deadline.Token);
            }

            await worker.KillAsync();
            kills++;
        }

        RunInfo run;
        await using (await WorkerProcess.StartAsync("sqlite", DataDir, "unused", Effects))
        {
            using var deadline = new CancellationTokenSource(Wait.Deadline);
            while ((run = (await client.GetAsync(runId))!).IsFinished is false)
            {
                settled += await SettleInDoubtAsync(client, ledger, runId);
                await Task.Delay(20, deadline.Token);
            }
        }

        Assert.Equal(RunStatus.Completed, run.Status);
        var keys = run.Output!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"{runId}/each[{i}]/1"), keys);
        var effects = File.ReadAllLines(Effects);
        Assert.Equal(200, effects.Length);
        Assert.Equal(200, effects.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(await ledger.ListAsync(LedgerState.Started));
        Assert.True(settled > 0, "no kill left an effect in doubt; the hold window should make that all but certain");
    }

    /// <summary>What an operator does: checks each effect the run waits on, records it done (it happened) or to repeat, and delivers that.</summary>
    private async Task<int> SettleInDoubtAsync(RunClient client, SqliteEffectLedger ledger, string runId)
    {
        var run = await client.GetAsync(runId);
        var settled = 0;
        foreach (var wait in run?.Progress?.Waiting.Where(w => w.Kind == WaitKind.Effect) ?? [])
        {
            var key = $"{wait.Run}/{wait.Event!["effect:".Length..]}/1";
            var entry = await ledger.GetAsync(key);
            if (entry is not { State: LedgerState.Started })
            {
                continue;
            }

            var happened = File.ReadAllLines(Effects).Contains(key, StringComparer.Ordinal);
            await ledger.ResolveAsync(key, happened ? LedgerResolution.Done : LedgerResolution.Repeat, happened ? new JsonObject { ["key"] = key } : null, "operator");
            Assert.NotNull(await client.DeliverEffectResolutionAsync(entry.RunId, entry.Node, new EffectResolution("operator", Repeat: !happened)));
            settled++;
        }

        return settled;
    }

    private int LineCount() => File.Exists(Effects) ? File.ReadAllLines(Effects).Length : 0;

}
