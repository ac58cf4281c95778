using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace AgentFlow.Engine.Retention;

/// <content>Which pinned definitions runs refer to, and the removal of those no remaining run refers to.</content>
public sealed partial class RunPurger
{
    /// <summary>
    /// The pins of every run, sub-run and map chunk's run that does not belong to a run in <paramref name="purged"/>
    /// (any status: a waiting run still needs its definition), created at or after <paramref name="from"/> when given.
    /// </summary>
    private static async Task<List<string>> PinsAsync(IOrchestrationServiceQueryClient queries, HashSet<string> purged, DateTime? from, CancellationToken cancellationToken)
    {
        var filter = new OrchestrationQuery { CreatedTimeFrom = from, PageSize = 500, FetchInputsAndOutputs = true };
        var pins = new List<string>();
        await foreach (var state in PagesAsync(queries, filter, cancellationToken).ConfigureAwait(false))
        {
            if (state.Name == RunNames.RunOrchestration && !purged.Contains(RunIds.Root(state.OrchestrationInstance.InstanceId)) && PinOf(state) is { } pin)
            {
                pins.Add(pin);
            }
        }

        return pins;
    }

    /// <summary>
    /// <paramref name="pins"/> with the pins of the workflows they call, at any depth; what is read is kept in
    /// <paramref name="loaded"/>. A pin the store does not have is still in the set (there is nothing to remove).
    /// </summary>
    private async Task<HashSet<string>> ClosureAsync(IEnumerable<string> pins, Dictionary<string, PinnedDefinition> loaded, CancellationToken cancellationToken)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(pins);
        while (pending.TryDequeue(out var pin))
        {
            if (!closure.Add(pin))
            {
                continue;
            }

            if (!loaded.TryGetValue(pin, out var definition))
            {
                definition = await _definitions.GetAsync(pin, cancellationToken).ConfigureAwait(false);
                if (definition is null)
                {
                    continue;
                }

                loaded[pin] = definition;
            }

            foreach (var child in definition.Links.Values)
            {
                pending.Enqueue(child);
            }
        }

        return closure;
    }

    /// <summary>
    /// Removes <paramref name="unreferenced"/>, then puts back any that a run started meanwhile refers to (a run of the
    /// same unchanged file pins the same definition, and its host stored it before the removal). Returns the pins removed.
    /// </summary>
    private async Task<List<string>> RemoveDefinitionsAsync(
        IOrchestrationServiceQueryClient queries, List<string> unreferenced, Dictionary<string, PinnedDefinition> loaded, HashSet<string> purged, DateTime recentFrom, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        foreach (var pin in unreferenced)
        {
            if (await _definitions.DeleteAsync(pin, cancellationToken).ConfigureAwait(false))
            {
                removed.Add(pin);
            }
        }

        if (removed.Count == 0)
        {
            return removed;
        }

        var recent = await ClosureAsync(await PinsAsync(queries, purged, recentFrom, cancellationToken).ConfigureAwait(false), loaded, cancellationToken).ConfigureAwait(false);
        foreach (var pin in removed.Where(recent.Contains).ToList())
        {
            if (loaded.TryGetValue(pin, out var definition))
            {
                await _definitions.SaveAsync(definition, cancellationToken).ConfigureAwait(false);
                removed.Remove(pin);
            }
        }

        return removed;
    }
}
