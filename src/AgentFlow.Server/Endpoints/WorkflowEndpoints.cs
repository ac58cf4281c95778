using AgentFlow.Core.Graph;
using AgentFlow.Core.Model;
using AgentFlow.Server.Auth;
using AgentFlow.Server.Problems;
using AgentFlow.Server.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary><c>/api/workflows</c>: the workflows folder, one workflow with its diagnostics, and its graph.</summary>
internal static class WorkflowEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workflows").WithTags("Workflows").RequireAuthorization(OperatorPolicies.Read);
        group.MapGet("/", async (WorkflowCatalog catalog, CancellationToken cancellationToken) =>
        {
            var all = await catalog.ListAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(all.Select(e => new
            {
                e.Name,
                File = Path.GetFileName(e.File),
                e.Valid,
                Nodes = e.Document.Definition?.Nodes.Count ?? 0,
                e.Document.Definition?.Description,
            }));
        }).WithSummary("The workflows of the server's workflows folder.");

        group.MapGet("/{name}", async (string name, WorkflowCatalog catalog, CancellationToken cancellationToken) =>
        {
            if (await catalog.FindAsync(name, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return await MissingAsync(catalog, name, cancellationToken).ConfigureAwait(false);
            }

            var definition = entry.Document.Definition;
            return Results.Ok(new
            {
                entry.Name,
                File = Path.GetFileName(entry.File),
                entry.Valid,
                definition?.Version,
                definition?.Description,
                definition?.Start,
                Inputs = definition?.Inputs.Values.Select(i => new { i.Name, i.Type, i.Required, i.Default, i.Description, i.Enum }),
                Nodes = definition?.Nodes.Values.Select(n => new { n.Id, Kind = NodeKinds.ToJson(n.Kind), n.Description }),
                Agents = definition?.Agents.Keys,
                Diagnostics = entry.Diagnostics.Select(DiagnosticView.From),
            });
        }).WithSummary("A workflow's summary and its validation diagnostics (with line and column).");

        group.MapGet("/{name}/graph", async (string name, string? format, WorkflowCatalog catalog, CancellationToken cancellationToken) =>
        {
            if (format is not (null or "mermaid" or "dot" or "json"))
            {
                return ApiProblems.BadRequest($"format '{format}' is not supported; use format=mermaid (default), format=dot or format=json");
            }

            if (await catalog.FindAsync(name, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return await MissingAsync(catalog, name, cancellationToken).ConfigureAwait(false);
            }

            if (entry.Document.Definition is not { } definition)
            {
                return ApiProblems.Unprocessable($"{Path.GetFileName(entry.File)} cannot be read as a workflow; see GET /api/workflows/{name} for its diagnostics");
            }

            if (format == "json")
            {
                // Nodes and edges for a client that draws the graph itself (the console's SVG).
                var layout = GraphLayout.Create(definition);
                return Results.Ok(new
                {
                    definition.Start,
                    Nodes = layout.Nodes.Select(n => new { n.Id, Kind = NodeKinds.ToJson(n.Kind), Caption = GraphLayout.Caption(n), n.Description }),
                    layout.Edges,
                });
            }

            return Results.Text(format == "dot" ? DotExporter.Export(definition) : MermaidExporter.Export(definition), "text/plain; charset=utf-8");
        }).WithSummary("A workflow's graph as Mermaid (default) or Graphviz DOT text, or as JSON nodes and edges (format=json).");
    }

    /// <summary>404 naming the folder and what it has.</summary>
    public static async Task<IResult> MissingAsync(WorkflowCatalog catalog, string name, CancellationToken cancellationToken)
    {
        var names = (await catalog.ListAsync(cancellationToken).ConfigureAwait(false)).Select(e => e.Name).ToList();
        return ApiProblems.NotFound($"no workflow '{name}' in {catalog.Folder}; available: {(names.Count == 0 ? "none" : string.Join(", ", names))}");
    }
}
