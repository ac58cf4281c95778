using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Memory.Telemetry;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// Runs <c>retrieve</c> nodes: brings the node's source's index up to date (incrementally; cheap when nothing
/// changed) and searches it with the rendered <c>query</c>. Output:
/// <c>{ "results": [ { "text", "title", "source", "score" (0..1, 4 decimals), "offset", "chunk" } ] }</c>, best first,
/// at most <c>top</c>; <c>source</c> is a link/URL, or a file path relative to the workflow's folder. A blank query
/// returns no results. When embeddings were made (the query; new or changed chunks while indexing), the output also
/// has <c>usage</c> (<c>{ promptTokens, completionTokens: 0, calls, cost, currency, model, provider }</c>). A span
/// <c>retrieve SOURCE</c> under the node visit's span holds the embedding calls' spans.
/// </summary>
public sealed class RetrieveNodeExecutor : INodeExecutor
{
    private readonly RetrievalService _retrieval;

    /// <summary>Creates the executor over <paramref name="retrieval"/>.</summary>
    public RetrieveNodeExecutor(RetrievalService retrieval)
    {
        ArgumentNullException.ThrowIfNull(retrieval);
        _retrieval = retrieval;
    }

    /// <inheritdoc />
    public NodeKind Kind => NodeKind.Retrieve;

    /// <inheritdoc />
    /// <remarks>Without the workflow's file, relative paths cannot be resolved: only absolute paths and URLs are checked.</remarks>
    public Task<IReadOnlyList<string>> CheckAsync(WorkflowDefinition workflow, WorkflowNode node, string? workflowFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(node);
        IReadOnlyList<string> problems = Source(workflow, node) switch
        {
            null => [],
            { } source when workflowFile is not null => _retrieval.Check(source, BaseDirectory(workflowFile)),
            { } source when source.Path is null || Path.IsPathRooted(source.Path) => _retrieval.Check(source, Directory.GetCurrentDirectory()),
            _ => [],
        };
        return Task.FromResult(problems);
    }

    /// <inheritdoc />
    public async Task<JsonNode?> ExecuteAsync(NodeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = (RetrieveNode)context.Node;
        var source = Source(context.Workflow, node)
            ?? throw new NodeExecutionException($"node '{context.NodeId}': source '{node.Source}' is not declared in 'sources'");
        var query = context.Input["query"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : string.Empty;
        var baseDirectory = BaseDirectory(context.WorkflowFile);
        IReadOnlyList<RetrievalHit> hits;
        using var span = AgentFlowTelemetry.Source.StartActivity($"retrieve {node.Source}", ActivityKind.Internal, context.TraceParent);
        span?.SetTag(TelemetryTags.Source, node.Source);
        using var usage = EmbeddingUsage.Begin(agent: null);
        try
        {
            hits = await _retrieval.SearchAsync(source, baseDirectory, query, node.Top, cancellationToken).ConfigureAwait(false);
        }
        catch (SourceReadException e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw new NodeExecutionException($"node '{context.NodeId}': {e.Message}", e);
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }

        span?.SetTag(TelemetryTags.Results, hits.Count);

        var results = new JsonArray();
        foreach (var hit in hits)
        {
            results.Add(new JsonObject
            {
                ["text"] = hit.Text,
                ["title"] = hit.Title,
                ["source"] = Citation(hit.Source, baseDirectory),
                ["score"] = Math.Round(hit.Score, 4),
                ["offset"] = hit.Offset,
                ["chunk"] = hit.Chunk,
            });
        }

        return NodeUsage.With(new JsonObject { ["results"] = results }, usage);
    }

    private static SourceDefinition? Source(WorkflowDefinition workflow, WorkflowNode node) =>
        node is RetrieveNode retrieve && workflow.Sources.TryGetValue(retrieve.Source, out var source) ? source : null;

    private static string BaseDirectory(string workflowFile) =>
        string.IsNullOrEmpty(workflowFile) ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(workflowFile))!;

    /// <summary>Files are cited relative to the workflow's folder (stable across machines); links as they are.</summary>
    private static string Citation(string source, string baseDirectory) =>
        Path.IsPathFullyQualified(source) ? Path.GetRelativePath(baseDirectory, source).Replace('\\', '/') : source;
}
