using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AgentFlow.Triggers.Tests;

/// <summary>
/// A real Generic Host with the embedded SQLite backend, the worker and the trigger host over a temp folder, on a fake
/// clock. The loader of this branch does not read <c>triggers</c> yet, so triggers are attached to the loaded workflows
/// by name (<see cref="Triggers"/>).
/// </summary>
internal sealed class TriggerHostHarness : IAsyncDisposable
{
    public const string QuickWorkflow = """
        { "name": "quick", "inputs": { "time": { "type": "string", "default": "" }, "manual": { "type": "boolean", "default": false } },
          "start": "s", "nodes": { "s": { "kind": "set", "values": { "at": "{{ inputs.time }}" }, "next": "done" }, "done": { "kind": "end" } },
          "output": { "at": "{{ s.at }}" } }
        """;

    public const string WaitingWorkflow = """
        { "name": "waiting", "start": "review",
          "nodes": { "review": { "kind": "approval", "approvers": ["role:ops"], "show": { "step": 1 }, "next": "done" }, "done": { "kind": "end" } } }
        """;

    private IHost? _host;

    public TriggerHostHarness(DateTimeOffset start, string? root = null)
    {
        Root = root ?? Path.Combine(Path.GetTempPath(), "af-triggers-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
        Time = new FakeTimeProvider(start);
    }

    public string Root { get; }

    public string Folder => Path.Combine(Root, "workflows");

    public string DataDir => Path.Combine(Root, "data");

    public FakeTimeProvider Time { get; set; }

    /// <summary>Triggers to attach, by workflow name.</summary>
    public Dictionary<string, TriggerDefinition[]> Triggers { get; } = [];

    public TriggerHost Host => _host!.Services.GetRequiredService<TriggerHost>();

    public RunClient Client => _host!.Services.GetRequiredService<AgentFlowWorkerService>().Client;

    public static ScheduleTrigger Schedule(string name, string? cron = null, TimeSpan? every = null, ScheduleOverlap overlap = ScheduleOverlap.Skip, TimeSpan? catchUp = null, string? zone = null, TimeSpan? jitter = null) =>
        new()
        {
            Name = name,
            JsonPath = $"$.triggers.{name}",
            Cron = cron,
            Every = every,
            Overlap = overlap,
            CatchUp = catchUp,
            TimeZone = zone,
            Jitter = jitter,
            Inputs = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["time"] = System.Text.Json.JsonDocument.Parse("\"{{ trigger.time }}\"").RootElement.Clone(),
                ["manual"] = System.Text.Json.JsonDocument.Parse("\"{{ trigger.manual }}\"").RootElement.Clone(),
            },
        };

    public string Write(string fileName, string json)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, json);
        return path;
    }

    public async Task StartAsync(bool systemClock = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("dataDirectory", DataDir)]).Build();
        builder.Services.AddLogging();
        builder.Services.AddAgentFlow(configuration).AddWorkerService();
        builder.Services.AddTriggers(o =>
        {
            o.WorkflowsDirectory = Folder;
            o.TimeProvider = systemClock ? TimeProvider.System : Time;
            o.RunPollInterval = TimeSpan.FromSeconds(1);
            o.Transform = Attach;
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>Runs started by <paramref name="trigger"/> (WORKFLOW/TRIGGER), oldest first.</summary>
    public async Task<List<RunInfo>> RunsAsync(string trigger) =>
        [.. (await Client.ListAsync(new RunQuery { Limit = 1000 })).Where(r => r.Origin?.Trigger == trigger).OrderBy(r => r.Origin!.Key, StringComparer.Ordinal)];

    /// <summary>Waits (generously) until <paramref name="condition"/> holds of the trigger's runs; returns them.</summary>
    public async Task<List<RunInfo>> UntilRunsAsync(string trigger, Func<List<RunInfo>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var runs = await RunsAsync(trigger);
            if (condition(runs))
            {
                return runs;
            }

            try
            {
                await Task.Delay(25, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the runs of {trigger} never met the condition; last seen: " +
                    string.Join(", ", runs.Select(r => $"{r.RunId} {r.Status}")));
            }
        }
    }

    /// <summary>Waits until the store's cursor of <paramref name="trigger"/> is <paramref name="key"/> (the tick was handled).</summary>
    public async Task UntilCursorAsync(string trigger, string key)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while ((await Host.Store.GetAsync(trigger, timeout.Token)).Cursor != key)
        {
            await Task.Delay(25, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a loaded machine: the temp folder is cleaned up later.
        }
    }

    private WorkflowDefinition Attach(WorkflowDefinition workflow) =>
        Triggers.TryGetValue(workflow.Name, out var triggers) ? workflow with { Triggers = triggers.ToDictionary(t => t.Name) } : workflow;
}
