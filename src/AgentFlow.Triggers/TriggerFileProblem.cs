namespace AgentFlow.Triggers;

/// <summary>A workflow file of the folder whose triggers are not run, and why.</summary>
/// <param name="File">Full path of the file.</param>
/// <param name="Problem">What is wrong and where (the first errors of validation, or a duplicate trigger id).</param>
public sealed record TriggerFileProblem(string File, string Problem);
