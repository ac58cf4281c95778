using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Runs;

/// <summary>The input of the <c>agentflow.run</c> orchestration.</summary>
/// <param name="Pin">Pin of the definition to run (see <see cref="Definitions.PinnedDefinition"/>).</param>
/// <param name="Inputs">The run's inputs, already checked against the workflow's declarations.</param>
/// <param name="ParentRunId">The calling run, for a run started by a <c>workflow</c> node.</param>
/// <param name="Workflow">The workflow's name (shown before the first step has run).</param>
/// <param name="Path">For a sub-run: the calling node's path from the top-level run, with a trailing dot (<c>call.</c>).</param>
/// <param name="Origin">The trigger and occasion that started a top-level run; null for a run started by hand or a sub-run.</param>
/// <param name="Replay">For a replay fork (and its sub-runs): the source run's recorded visits to reuse and the fork point; null otherwise.</param>
/// <param name="Trace">The run's trace context, kept with the run so every replay, in any process, continues one trace; null in runs started before tracing (their ids are derived from the run id).</param>
public sealed record RunRequest(string Pin, JsonObject Inputs, string? ParentRunId = null, string? Workflow = null, string? Path = null, RunOrigin? Origin = null, RunTraceContext? Trace = null, Replay.ReplayPlan? Replay = null);
