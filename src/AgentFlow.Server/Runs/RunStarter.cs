using System.Security.Cryptography;
using System.Text;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Runs;
using AgentFlow.Server.Contracts;
using AgentFlow.Server.Events;
using AgentFlow.Server.Problems;
using AgentFlow.Server.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Server.Runs;

/// <summary>
/// Starts runs for <c>POST /api/runs</c>: only workflows of the folder by name (a whole definition only when the host
/// allows inline workflows), with inputs checked, and idempotent per key: the key names the run id (a hash of workflow
/// and key), so a repeated call finds the run the first one started, across restarts and without a table of keys.
/// </summary>
internal sealed class RunStarter(
    AgentFlowWorkerService worker,
    WorkflowCatalog catalog,
    RunEventHub hub,
    IOptions<ServerOptions> options,
    IOptions<AgentFlowEngineOptions> engine,
    AuditLog audit,
    ILogger<RunStarter> logger)
{
    /// <summary>The result for the request: 201 with the new run, 200 with the run of a repeated key, or a problem.</summary>
    public async Task<IResult> StartAsync(StartRunRequest request, string operatorName, CancellationToken cancellationToken)
    {
        string file;
        if (request.Definition is { } inline)
        {
            if (!options.Value.AllowInlineWorkflows)
            {
                return ApiProblems.BadRequest("inline workflow definitions are refused by this server; start a workflow of its folder by name ({\"workflow\": \"NAME\"}), or have the host set server:allowInlineWorkflows to true");
            }

            file = await WriteInlineAsync(inline, cancellationToken).ConfigureAwait(false);
        }
        else if (string.IsNullOrWhiteSpace(request.Workflow))
        {
            return ApiProblems.BadRequest("say which workflow to start: {\"workflow\": \"NAME\", \"inputs\": {...}} (GET /api/workflows lists them)");
        }
        else if (await catalog.FindAsync(request.Workflow, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            file = entry.File;
        }
        else
        {
            return await Endpoints.WorkflowEndpoints.MissingAsync(catalog, request.Workflow, cancellationToken).ConfigureAwait(false);
        }

        if (request.RunId is { } chosen && RunIds.Problem(chosen) is { } problem)
        {
            return ApiProblems.BadRequest($"runId '{chosen}': {problem}");
        }

        var client = worker.Client;
        var prepared = await client.PrepareAsync(file, request.Inputs, cancellationToken).ConfigureAwait(false);
        var runId = request.RunId ?? (request.IdempotencyKey is { Length: > 0 } key ? KeyedId(prepared.Workflow.Name, key) : null);
        if (runId is not null && await client.GetAsync(runId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return request.IdempotencyKey is { Length: > 0 } && existing.Workflow == prepared.Workflow.Name
                ? Results.Ok(new { existing.RunId, existing.Workflow, existing.Status, Replayed = true })
                : ApiProblems.Conflict($"run '{runId}' already exists; choose another runId, or omit it to get a new one");
        }

        string id;
        try
        {
            id = await client.StartAsync(prepared, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (request.IdempotencyKey is { Length: > 0 } && runId is not null)
        {
            // The same key at the same moment: the other call started the run; this one returns it.
            if (await client.GetAsync(runId, CancellationToken.None).ConfigureAwait(false) is { } raced)
            {
                return Results.Ok(new { raced.RunId, raced.Workflow, raced.Status, Replayed = true });
            }

            throw;
        }

        await audit.AppendAsync(new AuditEntry(AuditKinds.Run, id, Node: null, Operator: operatorName, Decision: "started", Reason: $"workflow '{prepared.Workflow.Name}' (definition {prepared.Definition.Pin[..12]})"), cancellationToken).ConfigureAwait(false);
        hub.Track(id);
        Log.RunStarted(logger, operatorName, id, prepared.Workflow.Name);
        return Results.Created($"/api/runs/{Uri.EscapeDataString(id)}", new { RunId = id, Workflow = prepared.Workflow.Name, Status = RunStatus.Pending, Replayed = false });
    }

    private static string KeyedId(string workflow, string key) =>
        $"{workflow}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workflow + "\n" + key)))[..16]}";

    /// <summary>An allowed inline definition is kept as a file in the data dir (runs pin its content, as for any file).</summary>
    private async Task<string> WriteInlineAsync(System.Text.Json.Nodes.JsonObject definition, CancellationToken cancellationToken)
    {
        var text = definition.ToJsonString();
        var folder = Path.Combine(engine.Value.DataDirectory, "inline-workflows");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16] + ".json");
        await File.WriteAllTextAsync(file, text, cancellationToken).ConfigureAwait(false);
        return file;
    }
}
