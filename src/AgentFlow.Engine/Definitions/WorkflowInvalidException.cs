using AgentFlow.Core;
using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Engine.Definitions;

/// <summary>A workflow (or a workflow it calls) has validation errors, so no run was started.</summary>
public sealed class WorkflowInvalidException : AgentFlowException
{
    /// <summary>Creates the exception from the validator's diagnostics.</summary>
    public WorkflowInvalidException(string file, IReadOnlyList<Diagnostic> diagnostics, string? message = null)
        : base(message ?? $"{file}: the workflow is invalid ({diagnostics.Count(d => d.IsError)} error(s)); run 'agentflow validate {file}' for details.")
    {
        File = file;
        Diagnostics = diagnostics;
    }

    /// <summary>The file that failed validation.</summary>
    public string File { get; }

    /// <summary>Everything the validator reported (errors and warnings).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
