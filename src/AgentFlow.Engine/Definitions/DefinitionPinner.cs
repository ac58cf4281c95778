using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Paths;
using AgentFlow.Core.Validation;

namespace AgentFlow.Engine.Definitions;

/// <summary>
/// Loads and validates a workflow file and every workflow it calls, stores each by its pin, and returns the root.
/// Runs carry the root pin, so they keep the exact text they started with.
/// </summary>
public static class DefinitionPinner
{
    /// <summary>Result of pinning: the stored root and its parsed document.</summary>
    /// <param name="Definition">The stored root definition.</param>
    /// <param name="Document">The parsed, valid root document.</param>
    public sealed record Pinned(PinnedDefinition Definition, WorkflowDocument Document);

    /// <summary>Pins <paramref name="file"/> and its sub-workflows into <paramref name="store"/>; their paths must stay in each workflow's folder.</summary>
    /// <exception cref="WorkflowInvalidException">The file or a sub-workflow has validation errors, or workflows call each other in a cycle.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static Task<Pinned> PinAsync(string file, IDefinitionStore store, CancellationToken cancellationToken = default) =>
        PinAsync(file, store, null, cancellationToken);

    /// <summary>
    /// Pins <paramref name="file"/> and its sub-workflows into <paramref name="store"/>. Each file is validated with
    /// <paramref name="paths"/> (default: each workflow's own folder only), so a <c>workflow</c> node whose file lies
    /// outside its workflow's folder and the allowed folders (AF404) is refused before the file is read.
    /// </summary>
    /// <exception cref="WorkflowInvalidException">The file or a sub-workflow has validation errors, or workflows call each other in a cycle.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static async Task<Pinned> PinAsync(string file, IDefinitionStore store, PathConfinement? paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(store);
        return await PinAsync(Path.GetFullPath(file), store, paths ?? PathConfinement.WorkflowFolderOnly, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pins <paramref name="file"/> with <paramref name="patches"/> (JSON merge patches, <see cref="WorkflowPatch"/>)
    /// applied, as if the file held the patched workflow: it is validated, stored and run as that text, and relative
    /// paths (sources, sub-workflows) still resolve next to <paramref name="file"/>. Sub-workflows are pinned unpatched.
    /// </summary>
    /// <exception cref="WorkflowInvalidException">The patched workflow or a sub-workflow has validation errors.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static async Task<Pinned> PinAsync(string file, IReadOnlyList<JsonNode> patches, IDefinitionStore store, PathConfinement? paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentNullException.ThrowIfNull(store);
        var fullPath = Path.GetFullPath(file);
        var original = await File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false);
        byte[] patched;
        try
        {
            patched = Encoding.UTF8.GetBytes(WorkflowPatch.Apply(original, patches));
        }
        catch (JsonException)
        {
            // Not JSON: the loader reports it with its location.
            patched = original;
        }

        return await PinAsync(fullPath, store, paths ?? PathConfinement.WorkflowFolderOnly, [], cancellationToken, patched).ConfigureAwait(false);
    }

    /// <summary>The pin of a definition with content hash <paramref name="contentHash"/> calling the pinned children <paramref name="links"/>.</summary>
    internal static string PinOf(string contentHash, IReadOnlyDictionary<string, string> links) => links.Count == 0
        ? contentHash
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            contentHash + string.Concat(links.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"\n{l.Key}={l.Value}")))));

    private static async Task<Pinned> PinAsync(string fullPath, IDefinitionStore store, PathConfinement paths, List<string> callers, CancellationToken cancellationToken, byte[]? text = null)
    {
        if (callers.Contains(fullPath, StringComparer.Ordinal))
        {
            var chain = string.Join(" -> ", callers.Append(fullPath).Select(Path.GetFileName));
            throw new WorkflowInvalidException(fullPath, [], $"{fullPath}: workflows call each other in a cycle ({chain}); a sub-workflow must not run one of its callers.");
        }

        // Read once: the text that is validated is exactly the text that is stored.
        var bytes = text ?? (File.Exists(fullPath) && new FileInfo(fullPath).Length <= WorkflowLoader.MaxFileBytes
            ? await File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false)
            : null);
        var document = bytes is null
            ? await WorkflowLoader.LoadFileAsync(fullPath, cancellationToken).ConfigureAwait(false)
            : WorkflowLoader.Parse(bytes, fullPath);
        var diagnostics = WorkflowValidator.Validate(document, paths, Tools.BuiltInTools.OutputShapes);
        if (document.Definition is not { } definition || WorkflowValidator.HasErrors(diagnostics))
        {
            throw new WorkflowInvalidException(fullPath, diagnostics);
        }

        var links = new SortedDictionary<string, string>(StringComparer.Ordinal);
        callers.Add(fullPath);
        foreach (var call in NodeGraph.Walk(definition.Nodes).OfType<WorkflowCallNode>())
        {
            var child = await PinAsync(Path.GetFullPath(call.Path, document.BaseDirectory), store, paths, callers, cancellationToken).ConfigureAwait(false);
            links[call.Id] = child.Definition.Pin;
        }

        callers.RemoveAt(callers.Count - 1);
        var pin = PinOf(definition.ContentHash, links);
        var pinned = new PinnedDefinition(pin, fullPath, Encoding.UTF8.GetString(bytes!), links);
        await store.SaveAsync(pinned, cancellationToken).ConfigureAwait(false);
        return new Pinned(pinned, document);
    }
}
