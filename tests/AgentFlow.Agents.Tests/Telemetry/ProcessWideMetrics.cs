namespace AgentFlow.Agents.Tests.Telemetry;

/// <summary>The instruments are process-wide, so tests that read them run alone (no other test calls a model meanwhile).</summary>
[CollectionDefinition(nameof(ProcessWideMetrics), DisableParallelization = true)]
public sealed class ProcessWideMetrics;
