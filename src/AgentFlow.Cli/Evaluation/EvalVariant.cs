using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>A variant of the workflow: a name and the JSON merge patches applied to it (none for <c>base</c>).</summary>
/// <param name="Name">The variant's name.</param>
/// <param name="Patches">The merge patches, in order.</param>
/// <param name="File">The patch file, for messages (null for base).</param>
internal sealed record EvalVariant(string Name, IReadOnlyList<JsonNode> Patches, string? File)
{
    /// <summary>The workflow as is.</summary>
    public static EvalVariant Base { get; } = new("base", [], null);
}
