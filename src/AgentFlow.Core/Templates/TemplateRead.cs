namespace AgentFlow.Core.Templates;

/// <summary>
/// One path a template reads, segment by segment (<c>fetch.results[0].text</c>), and whether the expression
/// supplies a fallback for it (<c>| default: …</c>), so that a missing value is expected.
/// </summary>
/// <param name="Root">The first segment: an input, node, loop variable or built-in name.</param>
/// <param name="Segments">The segments after the root.</param>
/// <param name="HasFallback">The read is the input of a <c>default</c> filter.</param>
/// <param name="ViaLoop">
/// The read was written on a <c>{% for x in LIST %}</c> variable and is rewritten onto <c>LIST[]</c>; LIST's own read
/// is listed separately, so only the path's shape is checked here.
/// </param>
internal sealed record TemplateRead(string Root, IReadOnlyList<ReadSegment> Segments, bool HasFallback, bool ViaLoop = false)
{
    /// <summary>The path as written, e.g. <c>fetch.results[0].text</c>; <c>[]</c> stands for an index not known statically.</summary>
    public string Text(int count) =>
        Root + string.Concat(Segments.Take(count).Select(s => s.Name is { } name ? (s.IsIndex ? $"['{name}']" : "." + name) : s.Index is { } i ? $"[{i}]" : "[]"));

    /// <summary>A key that identifies the read for de-duplication.</summary>
    public string Key => Text(Segments.Count) + (HasFallback ? "|default" : string.Empty) + (ViaLoop ? "|loop" : string.Empty);
}
