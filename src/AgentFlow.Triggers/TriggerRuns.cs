using AgentFlow.Engine.Runs;

namespace AgentFlow.Triggers;

/// <summary>
/// The run client triggers start and read runs with: the one of the host's worker, resolved when first used (the worker
/// starts before the trigger host).
/// </summary>
public sealed class TriggerRuns
{
    private readonly Func<RunClient> _client;

    /// <summary>Runs through the client <paramref name="client"/> returns (called on each use).</summary>
    public TriggerRuns(Func<RunClient> client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>The run client.</summary>
    public RunClient Client => _client();

    /// <summary>True when <paramref name="runId"/> has finished or does not exist (purged).</summary>
    public async Task<bool> IsFinishedAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return await Client.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { IsFinished: false };
    }
}
