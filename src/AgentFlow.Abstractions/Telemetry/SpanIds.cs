using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// Span and trace ids derived from stable keys (a run id, <c>run/node/iteration</c>). A durable run is replayed and
/// resumed in other processes, days apart; deriving a node's span id from its key lets a model-call span made in one
/// worker name its node span as parent before that node span is emitted (once, when the node ends) by another.
/// </summary>
public static class SpanIds
{
    /// <summary>The span id for <paramref name="key"/>: the first 8 bytes of its SHA-256 (never all zero).</summary>
    public static ActivitySpanId Span(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        hash[7] |= 1;
        return ActivitySpanId.CreateFromBytes(hash[..8]);
    }

    /// <summary>The trace id for <paramref name="key"/>: the first 16 bytes of its SHA-256 (never all zero).</summary>
    public static ActivityTraceId Trace(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        hash[15] |= 1;
        return ActivityTraceId.CreateFromBytes(hash[..16]);
    }

    /// <summary>The W3C <c>traceparent</c> of a sampled span.</summary>
    public static string TraceParent(ActivityTraceId trace, ActivitySpanId span) => $"00-{trace.ToHexString()}-{span.ToHexString()}-01";

    /// <summary>Reads a W3C <c>traceparent</c>; default (invalid) context when <paramref name="traceParent"/> is null or malformed.</summary>
    public static ActivityContext Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}
