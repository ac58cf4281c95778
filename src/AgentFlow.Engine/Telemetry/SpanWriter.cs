using System.Diagnostics;
using System.Reflection;
using AgentFlow.Abstractions.Telemetry;
using Microsoft.Extensions.Logging;

// DURABLE0010 cannot see that the logger used here is the context's replay-safe logger (ProgressTracker creates it
// with CreateReplaySafeLogger and hands it on), so it is a false positive in this file.
#pragma warning disable DURABLE0010

namespace AgentFlow.Engine.Telemetry;

/// <summary>
/// Writes a finished span with a span id chosen by the caller. A run's node spans are emitted once, when the node
/// ends, possibly in another process than the one where the node's executor made its child spans; both sides derive
/// the node span's id from the node's key (<see cref="SpanIds"/>). .NET has no public way to give an
/// <see cref="Activity"/> a chosen span id, so this sets the activity's private id field after it starts (Durable
/// Task's own tracing does the same). Should a future runtime rename the field, the span keeps the id .NET gave it,
/// so children made elsewhere lose their parent link but nothing fails, and a warning says so once.
/// </summary>
internal static class SpanWriter
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly FieldInfo? SpanIdField = StringField("_spanId");

    /// <summary>The cached W3C id (<c>00-trace-span-flags</c>), rebuilt from the fields on the next read once cleared.</summary>
    private static readonly FieldInfo? IdField = StringField("_id");

    private static int _warned;

    /// <summary>
    /// Emits the span <paramref name="span"/> of trace <paramref name="trace"/>, under <paramref name="parent"/> (default:
    /// a root span), from <paramref name="start"/> to <paramref name="end"/>; nothing when no listener samples it.
    /// </summary>
    public static void Write(
        string name,
        ActivityTraceId trace,
        ActivitySpanId span,
        ActivitySpanId parent,
        DateTime start,
        DateTime end,
        IEnumerable<KeyValuePair<string, object?>> tags,
        string? error,
        ILogger logger,
        IReadOnlyList<ActivityEvent>? events = null)
    {
        // A parent context with a trace id and no span id makes a root span in that trace.
        var context = new ActivityContext(trace, parent, ActivityTraceFlags.Recorded, isRemote: true);
        var previous = Activity.Current;
        using var activity = AgentFlowTelemetry.Source.CreateActivity(name, ActivityKind.Internal, context, tags);
        if (activity is null)
        {
            return;
        }

        try
        {
            start = DateTime.SpecifyKind(start, DateTimeKind.Utc);
            activity.SetStartTime(start);
            activity.Start();
            SetSpanId(activity, span, logger);
            if (error is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, error);
            }

            foreach (var e in events ?? [])
            {
                activity.AddEvent(e);
            }

            // Orchestration time does not advance within a turn: a node that ran in one turn took less than its tick.
            var until = DateTime.SpecifyKind(end, DateTimeKind.Utc);
            activity.SetEndTime(until > start ? until : start.AddTicks(1));
            activity.Stop();
        }
        finally
        {
            // Our span was never the caller's current activity; leave the caller's in place.
            Activity.Current = previous;
        }
    }

    private static void SetSpanId(Activity activity, ActivitySpanId span, ILogger logger)
    {
        if (SpanIdField is not null)
        {
            SpanIdField.SetValue(activity, span.ToHexString());
            IdField?.SetValue(activity, null);
        }

        if (activity.SpanId != span && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Log.SpanIdNotSet(logger, typeof(Activity).Assembly.GetName().Version?.ToString() ?? "unknown");
        }
    }

    private static FieldInfo? StringField(string name) =>
        typeof(Activity).GetField(name, Private) is { } field && field.FieldType == typeof(string) ? field : null;
}
