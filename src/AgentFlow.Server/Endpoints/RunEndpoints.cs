using System.Globalization;
using System.Text;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Contracts;
using AgentFlow.Server.Events;
using AgentFlow.Server.Problems;
using AgentFlow.Server.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Server.Endpoints;

/// <summary><c>/api/runs</c>: start, list (paged), show and cancel runs.</summary>
internal static class RunEndpoints
{
    private const int MaxLimit = 500;

    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/runs").WithTags("Runs");
        group.MapPost("/", (StartRunRequest request, HttpContext http, RunStarter starter, CancellationToken cancellationToken) =>
            starter.StartAsync(request, http.Operator().Name, cancellationToken))
            .RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Start a workflow of the folder by name; 201 with the run id (200 with the earlier run for a repeated idempotency key).");

        group.MapGet("/", async (string? status, string? workflow, int? limit, string? cursor, AgentFlowWorkerService worker, CancellationToken cancellationToken) =>
        {
            RunStatus? wanted = null;
            if (status is not null)
            {
                if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                {
                    return ApiProblems.BadRequest($"status '{status}' is unknown; use one of {string.Join(", ", Enum.GetNames<RunStatus>().Select(n => n.ToLowerInvariant()))}");
                }

                wanted = parsed;
            }

            var size = limit ?? 50;
            if (size is < 1 or > MaxLimit)
            {
                return ApiProblems.BadRequest($"limit {size} is out of range; give 1 to {MaxLimit}");
            }

            (DateTime At, string Id)? after = null;
            if (cursor is not null)
            {
                after = ParseCursor(cursor);
                if (after is null)
                {
                    return ApiProblems.BadRequest("cursor is not one this server returned; pass nextCursor from the previous page unchanged");
                }
            }

            var runs = await worker.Client.ListAsync(new RunQuery { Status = wanted, Workflow = workflow, Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false);
            var rest = after is { } a ? runs.SkipWhile(r => r.CreatedAt > a.At || (r.CreatedAt == a.At && string.CompareOrdinal(r.RunId, a.Id) <= 0)) : runs;
            var page = rest.Take(size + 1).ToList();
            var next = page.Count > size ? Cursor(page[size - 1]) : null;
            return Results.Ok(new RunPage([.. page.Take(size).Select(RunSummary.From)], next));
        }).RequireAuthorization(OperatorPolicies.Read).WithSummary("Runs, newest first, filtered by status and workflow, a page at a time.");

        group.MapGet("/{id}", async (string id, AgentFlowWorkerService worker, CancellationToken cancellationToken) =>
            await worker.Client.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } run
                ? Results.Ok(run)
                : NoRun(id))
            .RequireAuthorization(OperatorPolicies.Read)
            .WithSummary("A run as agentflow show --format json prints it: status, waits, timeline with each node's input, output, duration, error and attempts, output.");

        group.MapPost("/{id}/cancel", async (string id, HttpContext http, AgentFlowWorkerService worker, AuditLog audit, ILogger<ApiCategory> logger, CancellationToken cancellationToken) =>
        {
            var client = worker.Client;
            if (await client.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
            {
                return NoRun(id);
            }

            if (run.IsFinished)
            {
                return ApiProblems.Conflict($"run '{id}' is already {run.Status.ToString().ToLowerInvariant()}; there is nothing to cancel");
            }

            // The body is optional ({"reason": "..."}): read here, so a POST without one still matches the route.
            var request = http.Request.HasJsonContentType() ? await http.Request.ReadFromJsonAsync<CancelRunRequest>(cancellationToken).ConfigureAwait(false) : null;
            var op = http.Operator();
            var reason = request?.Reason ?? "no reason given";
            await audit.AppendAsync(new AuditEntry(AuditKinds.Run, id, Node: null, Operator: op.Name, Decision: "cancelled", Reason: reason), cancellationToken).ConfigureAwait(false);
            await client.CancelAsync(id, $"cancelled by {op.Name}: {reason}", cancellationToken).ConfigureAwait(false);
            Log.RunCancelled(logger, op.Name, id);
            return Results.Accepted($"/api/runs/{Uri.EscapeDataString(id)}", new { RunId = id, Cancelling = true });
        }).RequireAuthorization(OperatorPolicies.Act).WithSummary("Cancel a run that has not finished, with its sub-runs (optional body {\"reason\": \"...\"}); 202 (the run's events say when it is cancelled).");
        MapResume(group);
    }

    /// <summary>
    /// <c>POST /api/runs/{id}/resume</c>: what <c>agentflow run --resume</c> does on the command line, for the server. Its
    /// worker continues every run that has not finished (after a crash or restart too), so resuming a run in flight only
    /// says what it is doing now and follows it; a finished run does not resume.
    /// </summary>
    public static void MapResume(RouteGroupBuilder group) =>
        group.MapPost("/{id}/resume", async (string id, AgentFlowWorkerService worker, RunEventHub hub, CancellationToken cancellationToken) =>
        {
            if (await worker.Client.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
            {
                return NoRun(id);
            }

            if (run.IsFinished)
            {
                return ApiProblems.Conflict($"run '{id}' is {run.Status.ToString().ToLowerInvariant()}; a finished run does not resume: start a new run of '{run.Workflow}' (POST /api/runs)");
            }

            hub.Track(id);
            var waiting = run.Progress?.Waiting.Select(w => $"{w.Node} ({w.Kind.ToString().ToLowerInvariant()})").ToList() ?? [];
            return Results.Accepted($"/api/runs/{Uri.EscapeDataString(id)}", new
            {
                run.RunId,
                run.Workflow,
                run.Status,
                Waiting = waiting,
                Message = waiting.Count > 0
                    ? $"this server's worker continues the run when what it waits for arrives: {string.Join(", ", waiting)}"
                    : "this server's worker is running it; GET /api/runs/{id}/events follows it",
            });
        }).RequireAuthorization(OperatorPolicies.Act).WithSummary("Resume a run that has not finished (the server's worker continues it; 202 with what it waits for), 409 for a finished one.");

    public static IResult NoRun(string id) => ApiProblems.NotFound($"there is no run '{id}'; GET /api/runs lists the runs");

    private static string Cursor(RunInfo last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{last.RunId}"));

    private static (DateTime, string)? ParseCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && long.TryParse(text[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks >= 0 && ticks <= DateTime.MaxValue.Ticks
                ? (new DateTime(ticks, DateTimeKind.Utc), text[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
