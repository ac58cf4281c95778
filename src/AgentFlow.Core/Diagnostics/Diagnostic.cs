namespace AgentFlow.Core.Diagnostics;

/// <summary>One problem found in a workflow file: where it is, what is wrong and how to fix it.</summary>
/// <param name="Code">Stable code from <see cref="DiagnosticCodes"/>, e.g. <c>AF202</c>.</param>
/// <param name="Severity">Whether the workflow can still run.</param>
/// <param name="Message">What is wrong, naming the node or field.</param>
/// <param name="File">The file the problem is in (as given to the loader).</param>
/// <param name="Location">Line and column of the offending JSON element.</param>
/// <param name="JsonPath">JSON path of the offending element, e.g. <c>$.nodes.fetch.next</c>.</param>
/// <param name="Hint">What to do about it; may be empty.</param>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string Message,
    string File,
    SourceLocation Location,
    string JsonPath,
    string Hint)
{
    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>
    /// Formats as <c>file:line:col: AFnnn message (at $.path) hint</c>, the CLI's text format; a warning reads
    /// <c>AFnnn warning: message</c>.
    /// </summary>
    public override string ToString()
    {
        var text = $"{File}:{Location.Line}:{Location.Column}: {Code} {(IsError ? string.Empty : "warning: ")}{Message} (at {JsonPath})";
        return Hint.Length == 0 ? text : $"{text} {Hint}";
    }
}
