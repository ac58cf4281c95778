namespace AgentFlow.Core.Model;

/// <summary>A named retrieval source.</summary>
/// <param name="Name">Source name used by <c>retrieve</c> nodes.</param>
/// <param name="Kind"><c>files</c>, <c>rss</c> or <c>http</c>.</param>
/// <param name="Path">Glob or file path, relative to the workflow file.</param>
/// <param name="Url">URL for <c>rss</c>/<c>http</c>.</param>
/// <param name="JsonPath">Where it is declared.</param>
public sealed record SourceDefinition(string Name, string Kind, string? Path, string? Url, string JsonPath);
