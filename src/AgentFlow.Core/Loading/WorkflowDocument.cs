using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;

namespace AgentFlow.Core.Loading;

/// <summary>A loaded workflow file: the parsed definition (when the structure allowed one) and what the loader found.</summary>
public sealed class WorkflowDocument
{
    internal WorkflowDocument(string file, WorkflowDefinition? definition, IReadOnlyList<Diagnostic> diagnostics, JsonSourceMap? map)
    {
        File = file;
        Definition = definition;
        Diagnostics = diagnostics;
        SourceMap = map;
    }

    /// <summary>The file name as given to the loader (used in every diagnostic).</summary>
    public string File { get; }

    /// <summary>The definition, or null when the file is not JSON or lacks the properties a graph needs.</summary>
    public WorkflowDefinition? Definition { get; }

    /// <summary>Structural problems found while loading (AF1xx). Semantic checks come from <c>WorkflowValidator</c>.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Directory the file is in; relative paths in the workflow resolve against it.</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(File)) ?? Directory.GetCurrentDirectory();

    internal JsonSourceMap? SourceMap { get; }

    internal static JsonReaderOptions ReaderOptions { get; } = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 128,
    };

    /// <summary>Line and column of the element at <paramref name="jsonPath"/> (1:1 when unknown).</summary>
    public SourceLocation Locate(string jsonPath) => SourceMap?.Find(jsonPath) ?? SourceLocation.Start;
}
