namespace AgentFlow.Core.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The workflow cannot run until this is fixed.</summary>
    Error,

    /// <summary>The workflow runs, but probably not as the author meant.</summary>
    Warning,
}
