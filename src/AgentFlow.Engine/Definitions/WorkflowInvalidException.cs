using AgentFlow.Core;
using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Engine.Definitions;

/// <summary>A workflow (or a workflow it calls) has validation errors, so no run was started.</summary>
public sealed class WorkflowInvalidException : AgentFlowException
{
    /// <summary>Creates the exception from the validator's diagnostics.</summary>
    public WorkflowInvalidException(string file, IReadOnlyList<Diagnostic> diagnostics, string? message = null)
        : base(message ?? Describe(file, diagnostics))
    {
        File = file;
        Diagnostics = diagnostics;
    }

    private static string Describe(string file, IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.IsError).ToList();
        var shown = string.Join(Environment.NewLine, errors.Take(5).Select(d => d.ToString()));
        var more = errors.Count > 5 ? $"{Environment.NewLine}... and {errors.Count - 5} more; run 'agentflow validate {file}' for all." : string.Empty;
        return $"{file}: the workflow is invalid ({errors.Count} error(s)):{Environment.NewLine}{shown}{more}";
    }

    /// <summary>The file that failed validation.</summary>
    public string File { get; }

    /// <summary>Everything the validator reported (errors and warnings).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
