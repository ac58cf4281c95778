namespace AgentFlow.Engine.Runs;

/// <summary>
/// A run's place in a trace, stored in its <see cref="RunRequest"/>: chosen once when the run is started (inside the
/// caller's trace when there is one, e.g. an HTTP request or the calling node of a sub-run) and read back on every
/// replay, so the spans of one run form one trace across processes and days.
/// </summary>
/// <param name="TraceParent">W3C <c>traceparent</c> of the run's own span (trace id and the run span's id).</param>
/// <param name="ParentSpanId">The span the run span hangs under (hex), or null for a run that starts its own trace.</param>
public sealed record RunTraceContext(string TraceParent, string? ParentSpanId = null);
