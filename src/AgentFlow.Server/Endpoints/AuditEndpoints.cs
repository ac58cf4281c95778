using AgentFlow.Engine.Approvals;
using AgentFlow.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary>A run's audit records and the verification of the whole log (hash chain, MACs, head).</summary>
internal static class AuditEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/runs/{id}/audit", async (string id, AuditLog audit, CancellationToken cancellationToken) =>
            Results.Ok(await audit.ReadAsync(id, cancellationToken).ConfigureAwait(false)))
            .WithTags("Audit").RequireAuthorization(OperatorPolicies.Read)
            .WithSummary("The run's audit records: decisions, refusals, timeouts, escalations, effects resolved.");

        api.MapGet("/audit/verify", async (AuditLog audit, CancellationToken cancellationToken) =>
        {
            var check = await audit.VerifyAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(new
            {
                Status = check.Status.ToString().ToLowerInvariant(),
                check.Ok,
                check.Records,
                check.UnkeyedRecords,
                check.KeyId,
                check.Head,
                check.FirstBadSequence,
                check.FirstBadLine,
                check.Problem,
                check.Note,
            });
        }).WithTags("Audit").RequireAuthorization(OperatorPolicies.Read)
          .WithSummary("Verify the audit log's hash chain, MACs and head (as agentflow audit verify --log-only).");
    }
}
