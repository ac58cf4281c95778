namespace AgentFlow.Engine.Definitions;

/// <summary>
/// A workflow exactly as a run started it: the file's text, and the pins of the workflows its <c>workflow</c> nodes
/// call. Stored by <see cref="Pin"/>, so editing a file after a run started never changes that run.
/// </summary>
/// <param name="Pin">Content address: the workflow's content hash, combined with its children's pins when it has any.</param>
/// <param name="SourceFile">The file the text was read from (for messages only).</param>
/// <param name="Json">The workflow file's text.</param>
/// <param name="Links">Child pins by the id of the <c>workflow</c> node that calls them.</param>
public sealed record PinnedDefinition(string Pin, string SourceFile, string Json, IReadOnlyDictionary<string, string> Links);
