using System.Collections.Concurrent;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;
using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Bench;

/// <summary>
/// The bench's side of a scale variant: a host composed like every other (<c>AddAgentFlow</c>) on the variant's task
/// hub, with no worker of its own, so every step runs in the worker processes. Disposing it deletes the task hub.
/// </summary>
internal sealed class ScaleClient : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private readonly ServiceProvider _services;
    private readonly AgentFlowHost _host;

    private ScaleClient(ServiceProvider services, AgentFlowHost host, RunClient runs)
    {
        _services = services;
        _host = host;
        Runs = runs;
    }

    public RunClient Runs { get; }

    /// <summary>Opens the hub named in <paramref name="settings"/> (<c>AGENTFLOW__*</c> names, as the workers get them) and creates it.</summary>
    public static async Task<ScaleClient> OpenAsync(IReadOnlyDictionary<string, string> settings, string directory, CancellationToken cancellationToken)
    {
        var keys = settings.Select(s => new KeyValuePair<string, string?>(s.Key["AGENTFLOW__".Length..].Replace("__", ":", StringComparison.Ordinal), s.Value))
            .Append(new("dataDirectory", Path.Combine(directory, "data")))
            .Append(new("audit:keyFile", Path.Combine(directory, "keys", "audit.key")));
        var services = new ServiceCollection();
        services.AddAgentFlow(new ConfigurationBuilder().AddInMemoryCollection(keys).Build());
        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            var runtime = provider.GetRequiredService<WorkflowRuntime>();
            var host = await provider.GetRequiredService<AgentFlowHostFactory>().CreateAsync(runtime, cancellationToken);
            return new ScaleClient(provider, host, new RunClient(host, runtime));
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts <paramref name="count"/> runs at once and waits until all completed. The time is from just before the
    /// first start to the last completion as the workers recorded it (the instance table's completed time), so how
    /// often this client looks does not count.
    /// </summary>
    /// <exception cref="InvalidOperationException">A run failed or was terminated.</exception>
    public async Task<(TimeSpan Elapsed, IReadOnlyList<string> RunIds)> BatchAsync(PreparedRun run, int count, CancellationToken cancellationToken)
    {
        var queries = (IOrchestrationServiceQueryClient)_host.Backend.Client;
        var started = DateTime.UtcNow;
        var ids = new ConcurrentBag<string>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (_, token) =>
            ids.Add(await Runs.StartAsync(run, cancellationToken: token)));

        var mine = ids.ToHashSet(StringComparer.Ordinal);
        var finished = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        while (finished.Count < count)
        {
            await Task.Delay(Poll, cancellationToken);
            var filter = new OrchestrationQuery
            {
                RuntimeStatus = [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated],
                CreatedTimeFrom = started.AddSeconds(-5),
                PageSize = 1000,
                FetchInputsAndOutputs = false,
            };
            do
            {
                var page = await queries.GetOrchestrationWithQueryAsync(filter, cancellationToken);
                foreach (var state in page.OrchestrationState.Where(s => mine.Contains(s.OrchestrationInstance.InstanceId)))
                {
                    if (state.OrchestrationStatus != OrchestrationStatus.Completed)
                    {
                        throw new InvalidOperationException($"bench scale: run {state.OrchestrationInstance.InstanceId} ended {state.OrchestrationStatus}: {state.Output}");
                    }

                    finished[state.OrchestrationInstance.InstanceId] = state.CompletedTime > started ? state.CompletedTime : state.LastUpdatedTime;
                }

                filter.ContinuationToken = page.ContinuationToken;
            }
            while (filter.ContinuationToken is not null);
        }

        return (finished.Values.Max() - started, [.. mine]);
    }

    /// <summary>The activities the runs executed: attempts of their tool nodes, from each run's recorded timeline.</summary>
    public async Task<int> ActivitiesAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        var total = 0;
        await Parallel.ForEachAsync(runIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, token) =>
        {
            var info = await Runs.GetAsync(id, token) ?? throw new InvalidOperationException($"bench scale: run {id} vanished");
            Interlocked.Add(ref total, info.Timeline.Where(r => r.Kind == "tool" && r.Status == NodeStatus.Completed).Sum(r => Math.Max(1, r.Attempts)));
        });
        return total;
    }

    /// <summary>Deletes the task hub (queues, tables, containers of the provider), then closes the host.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.Backend.Service.DeleteAsync();
        }
        finally
        {
            await _host.DisposeAsync();
            await _services.DisposeAsync();
        }
    }
}
