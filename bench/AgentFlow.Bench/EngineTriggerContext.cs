using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Runs;
using AgentFlow.Triggers;

namespace AgentFlow.Bench;

/// <summary>
/// A trigger host over the real engine for the bench: starts one run per key (run id derived from workflow, trigger
/// and key, so a repeated key returns the run from before) with the mail's subject as input, and records when each
/// run was created. Stands in for the runtime's TriggerHost, which renders the trigger's input mapping.
/// </summary>
internal sealed class EngineTriggerContext(RunClient client, string workflowFile) : ITriggerContext
{
    private readonly ConcurrentDictionary<string, long> _created = new();

    public TimeProvider Time => TimeProvider.System;

    /// <summary>When (Stopwatch timestamp) the run of each key was created.</summary>
    public IReadOnlyDictionary<string, long> Created => _created;

    public int Errors { get; private set; }

    /// <summary>Time spent in <see cref="FireAsync"/> (Stopwatch ticks).</summary>
    public long FireTicks => Interlocked.Read(ref _fireTicks);

    private long _fireTicks;

    public async Task<TriggerFireResult> FireAsync(TriggerRegistration registration, TriggerFiring firing, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await StartAsync(registration, firing, cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref _fireTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    private async Task<TriggerFireResult> StartAsync(TriggerRegistration registration, TriggerFiring firing, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{registration.Id}\n{firing.Key}")))[..24];
        var runId = $"{registration.Workflow.Name}-{registration.Trigger.Name}-{hash}";
        if (await client.GetAsync(runId, cancellationToken) is not null)
        {
            return new TriggerFireResult(runId, false);
        }

        var inputs = new JsonObject { ["subject"] = firing.Scope["message"]?["subject"]?.DeepClone() };
        var prepared = await client.PrepareAsync(workflowFile, inputs, cancellationToken);
        await client.StartAsync(prepared, runId, cancellationToken);
        _created.TryAdd(firing.Key, Stopwatch.GetTimestamp());
        return new TriggerFireResult(runId, true);
    }

    public Task<bool> IsPausedAsync(TriggerRegistration registration, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task ReportErrorAsync(TriggerRegistration registration, string problem, CancellationToken cancellationToken)
    {
        Errors++;
        Console.Error.WriteLine($"bench triggers: trigger problem: {problem}");
        return Task.CompletedTask;
    }

    public Task ReportHealthyAsync(TriggerRegistration registration, CancellationToken cancellationToken) => Task.CompletedTask;
}
