using AgentFlow.Memory;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Endpoints;

/// <summary><c>/api/memory/{agent}</c>: list or search an agent's long-term memory, and forget one memory (as <c>agentflow memory</c>).</summary>
internal static class MemoryEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/memory").WithTags("Memory");
        group.MapGet("/{agent}", async (string agent, string? q, int? limit, IMemoryStore store, IEmbedder embedder, TimeProvider? time, CancellationToken cancellationToken) =>
        {
            var size = limit ?? (q is null ? 50 : 5);
            if (size is < 1 or > 1000)
            {
                return ApiProblems.BadRequest($"limit {size} is out of range; give 1 to 1000");
            }

            if (string.IsNullOrWhiteSpace(q))
            {
                var records = await store.ListAsync(agent, size, cancellationToken).ConfigureAwait(false);
                return Results.Ok(records.Select(r => View(r, null)));
            }

            var vector = await embedder.EmbedAsync(q, cancellationToken).ConfigureAwait(false);
            var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
            var hits = await store.SearchAsync(agent, vector, size, 0, 0, now, cancellationToken).ConfigureAwait(false);
            return Results.Ok(hits.Select(h => View(h.Record, h.Score)));
        }).RequireAuthorization(OperatorPolicies.Read).WithSummary("An agent's memories, newest first; with q, the closest in meaning (as a recall node).");

        group.MapDelete("/{agent}/{id}", async (string agent, string id, HttpContext http, IMemoryStore store, ILogger<ApiCategory> logger, CancellationToken cancellationToken) =>
        {
            var count = await store.ForgetAsync(agent, id, null, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return ApiProblems.NotFound($"agent '{agent}' has no memory '{id}'; GET /api/memory/{agent} lists its memories");
            }

            var op = http.Operator().Name;
            Log.MemoryForgotten(logger, op, count, agent);
            return Results.NoContent();
        }).RequireAuthorization(OperatorPolicies.Act).WithSummary("Forget one memory of an agent.");
    }

    // Text, metadata and provenance; never the embedding.
    private static object View(MemoryRecord r, double? score) =>
        new { r.Id, r.Agent, r.Text, r.Metadata, r.RunId, r.NodeId, r.CreatedAt, r.ExpiresAt, Score = score };
}
