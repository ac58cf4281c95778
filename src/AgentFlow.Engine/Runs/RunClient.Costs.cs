using AgentFlow.Engine.Costs;
using AgentFlow.Engine.Definitions;

namespace AgentFlow.Engine.Runs;

/// <summary>Sums of tokens, model calls and cost over runs.</summary>
public sealed partial class RunClient
{
    /// <summary>
    /// Tokens, model calls and cost of the top-level runs (every status) created in the query's period, summed by
    /// workflow (the runs' totals, from their live status: one list query) or by agent or model (the nodes' usage: each
    /// completed run's result is read for its whole timeline; a run in progress counts with its live timeline, and
    /// what that leaves out is reported as unattributed). Node usage that names no agent gets the node's agent from
    /// the definition the run is pinned to.
    /// </summary>
    public async Task<CostReport> CostsAsync(CostQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var listed = await ListAsync(new RunQuery { Workflow = query.Workflow, CreatedFrom = query.Since, Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false);
        var runs = listed.Where(r => (query.Since is not { } since || r.CreatedAt >= since) && (query.Until is not { } until || r.CreatedAt < until)).ToList();
        if (query.By != CostGrouping.Workflow)
        {
            for (var i = 0; i < runs.Count; i++)
            {
                if (runs[i].Status == RunStatus.Completed && await _host.Client.GetOrchestrationStateAsync(runs[i].RunId).ConfigureAwait(false) is { } whole)
                {
                    runs[i] = RunStates.ToRunInfo(whole);
                }

                if (query.By == CostGrouping.Agent && runs[i].Progress?.Pin is { } pin && Definition(pin) is { } index)
                {
                    NodeAgents.Fill(runs[i], index);
                }
            }
        }

        return CostReport.Build(query, runs);
    }

    /// <summary>The pinned definition, or null when the store no longer has it (the usage then names no agent).</summary>
    private DefinitionIndex? Definition(string pin)
    {
        try
        {
            return _runtime.Definitions.Get(pin);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
