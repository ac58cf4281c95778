using AgentFlow.Engine.Approvals;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Contracts;
using AgentFlow.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary>
/// <c>/api/operators</c> (admins only): list, add and remove operators through the <see cref="OperatorStore"/>, which
/// re-checks the caller's token as an admin's and audits every change and refusal. The first operator of a data dir
/// is added with <c>agentflow operators add</c>.
/// </summary>
internal static class OperatorEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/operators").WithTags("Operators").RequireAuthorization(OperatorPolicies.Admin);
        group.MapGet("/", async (OperatorStore store, CancellationToken cancellationToken) =>
            Results.Ok(await store.ListAsync(cancellationToken).ConfigureAwait(false)))
            .WithSummary("Operators: names, roles, e-mail; never tokens.");

        group.MapPost("/", async (AddOperatorRequest request, HttpContext http, OperatorStore store, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(request.Name) || request.Roles is not { Count: > 0 })
            {
                return ApiProblems.BadRequest("give the operator's name and at least one role: {\"name\": \"bob\", \"roles\": [\"finance\"]}");
            }

            var (op, token) = await store.AddAsync(request.Name, request.Roles, request.Email, http.BearerToken(), cancellationToken).ConfigureAwait(false);

            // The new operator's token is shown this once (only its hash is stored), like agentflow operators add; never cached.
            http.Response.Headers.CacheControl = "no-store";
            return Results.Created($"/api/operators/{Uri.EscapeDataString(op.Name)}", new { Operator = op, Token = token });
        }).WithSummary("Add an operator; the response carries their token, once (only a hash is stored).");

        group.MapDelete("/{name}", async (string name, HttpContext http, OperatorStore store, CancellationToken cancellationToken) =>
            await store.RemoveAsync(name, http.BearerToken(), cancellationToken).ConfigureAwait(false)
                ? Results.NoContent()
                : ApiProblems.NotFound($"no operator '{name}'; GET /api/operators lists them"))
            .WithSummary("Remove an operator; their token stops working at once.");
    }
}
