using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;

namespace AgentFlow.Engine.Runs;

/// <summary>Chooses a new run's <see cref="RunTraceContext"/> and reads one back (or derives it for runs started without).</summary>
internal static class RunTraces
{
    /// <summary>
    /// The trace context of a top-level run started now: inside the caller's trace when there is a current activity
    /// (an HTTP request, a trigger's span), else a trace of its own. Chosen whether tracing is on or not, so a run
    /// started with tracing off still forms one trace when tracing is turned on before it resumes.
    /// </summary>
    public static RunTraceContext NewRun()
    {
        var current = Activity.Current;
        var trace = current is { IdFormat: ActivityIdFormat.W3C } ? current.TraceId : ActivityTraceId.CreateRandom();
        var parent = current is { IdFormat: ActivityIdFormat.W3C } ? current.SpanId.ToHexString() : null;
        return new RunTraceContext(SpanIds.TraceParent(trace, ActivitySpanId.CreateRandom()), parent);
    }

    /// <summary>
    /// The run's trace, its own span and the span it hangs under (default for none). A run started before tracing has
    /// no context; its ids are derived from the run id, the same in every process.
    /// </summary>
    public static (ActivityTraceId Trace, ActivitySpanId Span, ActivitySpanId Parent) Resolve(RunTraceContext? context, string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var own = SpanIds.Parse(context?.TraceParent);
        if (own.TraceId == default || own.SpanId == default)
        {
            return (SpanIds.Trace(runId), SpanIds.Span(runId + "/run"), default);
        }

        var parent = context!.ParentSpanId is { Length: 16 } hex && hex.All(char.IsAsciiHexDigit) ? ActivitySpanId.CreateFromString(hex) : default;
        return (own.TraceId, own.SpanId, parent);
    }
}
