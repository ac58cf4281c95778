using AgentFlow.Engine.Replay;

namespace AgentFlow.Engine.Runs;

/// <summary>Comparing two runs (a replay fork and its source, usually).</summary>
public sealed partial class RunClient
{
    /// <summary>
    /// Compares run <paramref name="fork"/> with run <paramref name="original"/> node visit by node visit and by final
    /// output; without <paramref name="original"/>, the fork's source run.
    /// </summary>
    /// <exception cref="ReplayRefusedException">A run does not exist, or <paramref name="original"/> is null and <paramref name="fork"/> is no fork.</exception>
    public async Task<RunDiff> DiffAsync(string fork, string? original = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fork);
        var other = await GetAsync(fork, cancellationToken).ConfigureAwait(false)
            ?? throw new ReplayRefusedException(ReplayRefusal.NotFound, $"no run '{fork}'; agentflow runs lists the runs");
        original ??= other.Fork?.SourceRun
            ?? throw new ReplayRefusedException(ReplayRefusal.BadRequest, $"run '{fork}' is not a replay fork; name the run to compare it with");
        var source = await GetAsync(original, cancellationToken).ConfigureAwait(false)
            ?? throw new ReplayRefusedException(ReplayRefusal.NotFound, $"no run '{original}' to compare run '{fork}' with; agentflow runs lists the runs");
        return await new RunDiffer(_host.Client, _host.Backend.Client).CompareAsync(source, other, cancellationToken).ConfigureAwait(false);
    }
}
