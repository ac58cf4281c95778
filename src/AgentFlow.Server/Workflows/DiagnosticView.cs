using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Server.Workflows;

/// <summary>A validation diagnostic as the API returns it (the same fields as <c>agentflow validate --format json</c>).</summary>
/// <param name="Code">Stable code, e.g. AF202.</param>
/// <param name="Severity">error or warning.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">1-based line in the file.</param>
/// <param name="Column">1-based column in the file.</param>
/// <param name="Path">JSON path of the offending element.</param>
/// <param name="Hint">What to do about it.</param>
public sealed record DiagnosticView(string Code, string Severity, string Message, int Line, int Column, string Path, string Hint)
{
    /// <summary>The view of <paramref name="diagnostic"/>.</summary>
    public static DiagnosticView From(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return new(diagnostic.Code, diagnostic.Severity.ToString().ToLowerInvariant(), diagnostic.Message, diagnostic.Location.Line, diagnostic.Location.Column, diagnostic.JsonPath, diagnostic.Hint);
    }
}
