namespace AgentFlow.Engine.Tests.Support;

/// <summary>A span as it arrived in an OTLP request, with its resource's and scope's names.</summary>
/// <param name="ServiceName">The resource's <c>service.name</c>.</param>
/// <param name="Scope">The instrumentation scope (the activity source's name).</param>
/// <param name="TraceId">Hex trace id.</param>
/// <param name="SpanId">Hex span id.</param>
/// <param name="ParentSpanId">Hex parent span id, or empty for a root span.</param>
/// <param name="Name">The span's name.</param>
/// <param name="Kind">The OTLP span kind (1 internal, 2 server, 3 client, 4 producer, 5 consumer).</param>
/// <param name="StartUnixNanos">Start, in nanoseconds since the Unix epoch.</param>
/// <param name="EndUnixNanos">End, in nanoseconds since the Unix epoch.</param>
/// <param name="Attributes">Attribute values: string, bool, long, double, or a list of those.</param>
/// <param name="StatusCode">0 unset, 1 ok, 2 error.</param>
/// <param name="StatusMessage">The status description.</param>
internal sealed record OtlpSpan(
    string ServiceName,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    ulong StartUnixNanos,
    ulong EndUnixNanos,
    IReadOnlyDictionary<string, object?> Attributes,
    int StatusCode,
    string StatusMessage);
