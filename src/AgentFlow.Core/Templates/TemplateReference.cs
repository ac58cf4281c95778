namespace AgentFlow.Core.Templates;

/// <summary>A name a template reads: its root (<c>inputs</c>, a node id, a loop variable) and the member after it.</summary>
/// <param name="Root">First segment, e.g. <c>draft</c> in <c>draft.subject</c>.</param>
/// <param name="Member">Second segment when it is a plain name, e.g. <c>subject</c>; null otherwise.</param>
public sealed record TemplateReference(string Root, string? Member);
