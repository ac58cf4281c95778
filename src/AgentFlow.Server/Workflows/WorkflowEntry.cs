using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;

namespace AgentFlow.Server.Workflows;

/// <summary>One file of the workflows folder, loaded and validated.</summary>
/// <param name="Name">The workflow's name (its <c>name</c>, or the file name when it cannot be read).</param>
/// <param name="File">The file's full path.</param>
/// <param name="Document">The loaded document.</param>
/// <param name="Diagnostics">Everything the validator reported.</param>
public sealed record WorkflowEntry(string Name, string File, WorkflowDocument Document, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the workflow has no validation errors.</summary>
    public bool Valid => Document.Definition is not null && !Diagnostics.Any(d => d.IsError);
}
