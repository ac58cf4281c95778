namespace AgentFlow.Memory.Retrieval;

/// <summary>A passage of a document: the unit that is embedded, indexed, ranked and cited.</summary>
/// <param name="DocumentId">The document's <see cref="SourceDocument.Id"/>.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Source">The document's source (path or link).</param>
/// <param name="Ordinal">0 for the document's first chunk, 1 for the next, and so on.</param>
/// <param name="Offset">Where <paramref name="Text"/> starts in the document's text (UTF-16 code units).</param>
/// <param name="Text">The passage: exactly <c>document.Text.Substring(Offset, Text.Length)</c>.</param>
/// <param name="Tokens">Its length in tokens of the chunker's tokenizer.</param>
public sealed record TextChunk(string DocumentId, string Title, string Source, int Ordinal, int Offset, string Text, int Tokens);
