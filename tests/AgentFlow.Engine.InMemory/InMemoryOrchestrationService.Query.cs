using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Query;
using Newtonsoft.Json;

namespace AgentFlow.Engine.InMemory;

/// <content>Queries by status, creation time and id prefix; purges of finished instances.</content>
public sealed partial class InMemoryOrchestrationService : IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    /// <inheritdoc />
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<OrchestrationState> matching;
        lock (_gate)
        {
            matching = [.. _instances.Values.Select(i => i.State).OfType<OrchestrationState>().Where(s =>
                (query.RuntimeStatus is not { Count: > 0 } statuses || statuses.Contains(s.OrchestrationStatus))
                && (query.CreatedTimeFrom is not { } from || s.CreatedTime >= from)
                && (query.CreatedTimeTo is not { } to || s.CreatedTime <= to)
                && (string.IsNullOrEmpty(query.InstanceIdPrefix) || s.OrchestrationInstance.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal)))];
        }

        // The same order and keyset token as the embedded backend: (created time, instance id).
        var ordered = matching.OrderBy(s => s.CreatedTime).ThenBy(s => s.OrchestrationInstance.InstanceId, StringComparer.Ordinal).AsEnumerable();
        if (query.ContinuationToken is { Length: > 0 } token && token.Split('|', 2) is [var ticks, var id])
        {
            var created = new DateTime(long.Parse(ticks, CultureInfo.InvariantCulture), DateTimeKind.Utc);
            ordered = ordered.Where(s => s.CreatedTime > created || (s.CreatedTime == created && string.CompareOrdinal(s.OrchestrationInstance.InstanceId, id) > 0));
        }

        var pageSize = query.PageSize > 0 ? query.PageSize : 100;
        var page = ordered.Take(pageSize + 1).ToList();
        var more = page.Count > pageSize;
        page = [.. page.Take(pageSize).Select(s => query.FetchInputsAndOutputs ? s : WithoutPayloads(s))];
        var next = more ? $"{page[^1].CreatedTime.Ticks.ToString(CultureInfo.InvariantCulture)}|{page[^1].OrchestrationInstance.InstanceId}" : null;
        return Task.FromResult(new OrchestrationQueryResult(page, next));
    }

    /// <inheritdoc />
    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) =>
        Task.FromResult(new PurgeResult(Purge(s => s.OrchestrationInstance.InstanceId == instanceId)));

    /// <inheritdoc />
    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var statuses = purgeInstanceFilter.RuntimeStatus?.ToList();
        return Task.FromResult(new PurgeResult(Purge(s =>
            s.CreatedTime >= purgeInstanceFilter.CreatedTimeFrom
            && (purgeInstanceFilter.CreatedTimeTo is not { } to || s.CreatedTime <= to)
            && (statuses is not { Count: > 0 } || statuses.Contains(s.OrchestrationStatus)))));
    }

    /// <summary>Removes the finished instances that match, whatever else the condition says; returns how many.</summary>
    private int Purge(Func<OrchestrationState, bool> match)
    {
        lock (_gate)
        {
            var ids = _instances.Where(i => i.Value.IsFinished && i.Value.Holder is null && i.Value.Inbox.Count == 0 && match(i.Value.State!)).Select(i => i.Key).ToList();
            foreach (var id in ids)
            {
                _instances.Remove(id);
            }

            return ids.Count;
        }
    }

    /// <summary>A copy without input and output (a query that did not ask for them).</summary>
    private static OrchestrationState WithoutPayloads(OrchestrationState state)
    {
        var copy = JsonConvert.DeserializeObject<OrchestrationState>(JsonConvert.SerializeObject(state))!;
        copy.Input = null;
        copy.Output = null;
        return copy;
    }
}
