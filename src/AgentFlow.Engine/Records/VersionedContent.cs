namespace AgentFlow.Engine.Records;

/// <summary>A document's content as read, with the version to pass to <see cref="IVersionedDocument.TryWriteAsync"/>.</summary>
/// <param name="Content">The bytes of the document.</param>
/// <param name="Version">Opaque; changes whenever the document is written.</param>
public sealed record VersionedContent(ReadOnlyMemory<byte> Content, string Version);
