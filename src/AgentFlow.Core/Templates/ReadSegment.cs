namespace AgentFlow.Core.Templates;

/// <summary>One segment of a <see cref="TemplateRead"/>: a member name (<c>.text</c>, <c>['text']</c>) or a list index.</summary>
/// <param name="Name">The member name; null for a numeric or computed index.</param>
/// <param name="Index">A numeric literal index, if any.</param>
/// <param name="IsIndex">Written with brackets.</param>
internal readonly record struct ReadSegment(string? Name, int? Index, bool IsIndex);
