using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Costs;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary><c>GET /api/costs</c>: tokens, model calls and cost summed over runs, as <c>agentflow costs</c> prints them.</summary>
internal static class CostEndpoints
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/costs", async (string? since, string? until, string? by, string? workflow, AgentFlowWorkerService worker, TimeProvider? time, CancellationToken cancellationToken) =>
        {
            var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
            var grouping = CostGrouping.Workflow;
            if (by is not null && !CostGroupings.TryParse(by, out grouping))
            {
                return ApiProblems.BadRequest($"by '{by}' is not a grouping; use one of {string.Join(", ", CostGroupings.Names)}");
            }

            DateTime? from = null, to = null;
            if (since is not null)
            {
                if (!TimeBound.TryParse(since, now, out var at))
                {
                    return ApiProblems.BadRequest($"since '{since}' is not a time; give {TimeBound.Forms}");
                }

                from = at;
            }

            if (until is not null)
            {
                if (!TimeBound.TryParse(until, now, out var at))
                {
                    return ApiProblems.BadRequest($"until '{until}' is not a time; give {TimeBound.Forms}");
                }

                to = at;
            }

            if (from >= to)
            {
                return ApiProblems.BadRequest($"since ({from:u}) is not before until ({to:u}); give a period that ends after it starts");
            }

            var query = new CostQuery { Since = from, Until = to, By = grouping, Workflow = string.IsNullOrEmpty(workflow) ? null : workflow };
            return Results.Ok(await worker.Client.CostsAsync(query, cancellationToken).ConfigureAwait(false));
        })
        .WithTags("Costs")
        .RequireAuthorization(OperatorPolicies.Read)
        .WithSummary("Tokens, model calls and cost summed over runs created in a period (since, until: a date, a UTC time or a duration back from now such as 7d), by workflow, agent or model; one row per key and currency, totals per currency.");
}
