namespace AgentFlow.Engine.Tests.Support;

/// <summary>
/// Decodes the parts of OTLP/protobuf requests the tests check, by field number (opentelemetry-proto):
/// <c>ExportTraceServiceRequest.resource_spans(1)</c> -> <c>resource(1).attributes(1)</c>, <c>scope_spans(2)</c> ->
/// <c>scope(1).name(1)</c>, <c>spans(2)</c> -> trace_id(1) span_id(2) parent_span_id(4) name(5) kind(6) start(7) end(8)
/// attributes(9) status(15: message 2, code 3); <c>ExportMetricsServiceRequest.resource_metrics(1)</c> ->
/// <c>resource(1)</c>, <c>scope_metrics(2)</c> -> <c>metrics(2).name(1)</c>.
/// </summary>
internal static class OtlpDecoder
{
    public static List<OtlpSpan> Spans(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        var wire = new ProtoWire(request);
        while (wire.Next())
        {
            if (wire.Field == 1)
            {
                ResourceSpans(wire.Bytes(), spans);
            }
            else
            {
                wire.Skip();
            }
        }

        return spans;
    }

    /// <summary>The service name and metric names of an <c>ExportMetricsServiceRequest</c>.</summary>
    public static List<(string ServiceName, string Metric)> Metrics(ReadOnlySpan<byte> request)
    {
        var metrics = new List<(string, string)>();
        var wire = new ProtoWire(request);
        while (wire.Next())
        {
            if (wire.Field != 1)
            {
                wire.Skip();
                continue;
            }

            var resourceMetrics = new ProtoWire(wire.Bytes());
            var service = string.Empty;
            var names = new List<string>();
            while (resourceMetrics.Next())
            {
                switch (resourceMetrics.Field)
                {
                    case 1: service = ServiceName(resourceMetrics.Bytes()); break;
                    case 2: names.AddRange(MetricNames(resourceMetrics.Bytes())); break;
                    default: resourceMetrics.Skip(); break;
                }
            }

            metrics.AddRange(names.Select(n => (service, n)));
        }

        return metrics;
    }

    private static void ResourceSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        // The resource may come after the spans on the wire: collect first, then stamp the service name.
        var wire = new ProtoWire(message);
        var service = string.Empty;
        var found = new List<OtlpSpan>();
        while (wire.Next())
        {
            switch (wire.Field)
            {
                case 1: service = ServiceName(wire.Bytes()); break;
                case 2: ScopeSpans(wire.Bytes(), found); break;
                default: wire.Skip(); break;
            }
        }

        spans.AddRange(found.Select(s => s with { ServiceName = service }));
    }

    private static string ServiceName(ReadOnlySpan<byte> resource)
    {
        var wire = new ProtoWire(resource);
        while (wire.Next())
        {
            if (wire.Field == 1 && KeyValue(wire.Bytes()) is ("service.name", string name))
            {
                return name;
            }

            if (wire.Field != 1)
            {
                wire.Skip();
            }
        }

        return string.Empty;
    }

    private static void ScopeSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        var wire = new ProtoWire(message);
        var scope = string.Empty;
        var found = new List<OtlpSpan>();
        while (wire.Next())
        {
            switch (wire.Field)
            {
                case 1: scope = ScopeName(wire.Bytes()); break;
                case 2: found.Add(Span(wire.Bytes())); break;
                default: wire.Skip(); break;
            }
        }

        spans.AddRange(found.Select(s => s with { Scope = scope }));
    }

    private static string ScopeName(ReadOnlySpan<byte> scope)
    {
        var wire = new ProtoWire(scope);
        while (wire.Next())
        {
            if (wire.Field == 1)
            {
                return wire.String();
            }

            wire.Skip();
        }

        return string.Empty;
    }

    private static OtlpSpan Span(ReadOnlySpan<byte> message)
    {
        var wire = new ProtoWire(message);
        string traceId = string.Empty, spanId = string.Empty, parent = string.Empty, name = string.Empty, statusMessage = string.Empty;
        int kind = 0, statusCode = 0;
        ulong start = 0, end = 0;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (wire.Next())
        {
            switch (wire.Field)
            {
                case 1: traceId = Convert.ToHexStringLower(wire.Bytes()); break;
                case 2: spanId = Convert.ToHexStringLower(wire.Bytes()); break;
                case 4: parent = Convert.ToHexStringLower(wire.Bytes()); break;
                case 5: name = wire.String(); break;
                case 6: kind = (int)wire.Varint(); break;
                case 7: start = wire.Fixed64(); break;
                case 8: end = wire.Fixed64(); break;
                case 9:
                    var (key, value) = KeyValue(wire.Bytes());
                    attributes[key] = value;
                    break;
                case 15: (statusCode, statusMessage) = Status(wire.Bytes()); break;
                default: wire.Skip(); break;
            }
        }

        return new OtlpSpan(string.Empty, string.Empty, traceId, spanId, parent, name, kind, start, end, attributes, statusCode, statusMessage);
    }

    private static (int Code, string Message) Status(ReadOnlySpan<byte> message)
    {
        var wire = new ProtoWire(message);
        var (code, text) = (0, string.Empty);
        while (wire.Next())
        {
            switch (wire.Field)
            {
                case 2: text = wire.String(); break;
                case 3: code = (int)wire.Varint(); break;
                default: wire.Skip(); break;
            }
        }

        return (code, text);
    }

    private static (string Key, object? Value) KeyValue(ReadOnlySpan<byte> message)
    {
        var wire = new ProtoWire(message);
        var key = string.Empty;
        object? value = null;
        while (wire.Next())
        {
            switch (wire.Field)
            {
                case 1: key = wire.String(); break;
                case 2: value = AnyValue(wire.Bytes()); break;
                default: wire.Skip(); break;
            }
        }

        return (key, value);
    }

    // AnyValue: string(1) bool(2) int(3) double(4) array(5: ArrayValue.values(1)) kvlist(6) bytes(7).
    private static object? AnyValue(ReadOnlySpan<byte> message)
    {
        var wire = new ProtoWire(message);
        object? value = null;
        while (wire.Next())
        {
            switch (wire.Field)
            {
                case 1: value = wire.String(); break;
                case 2: value = wire.Varint() != 0; break;
                case 3: value = (long)wire.Varint(); break;
                case 4: value = wire.Double(); break;
                case 5: value = ArrayValue(wire.Bytes()); break;
                default: wire.Skip(); break;
            }
        }

        return value;
    }

    private static List<object?> ArrayValue(ReadOnlySpan<byte> message)
    {
        var wire = new ProtoWire(message);
        var values = new List<object?>();
        while (wire.Next())
        {
            if (wire.Field == 1)
            {
                values.Add(AnyValue(wire.Bytes()));
            }
            else
            {
                wire.Skip();
            }
        }

        return values;
    }

    private static List<string> MetricNames(ReadOnlySpan<byte> scopeMetrics)
    {
        var wire = new ProtoWire(scopeMetrics);
        var names = new List<string>();
        while (wire.Next())
        {
            if (wire.Field != 2)
            {
                wire.Skip();
                continue;
            }

            var metric = new ProtoWire(wire.Bytes());
            while (metric.Next())
            {
                if (metric.Field == 1)
                {
                    names.Add(metric.String());
                }
                else
                {
                    metric.Skip();
                }
            }
        }

        return names;
    }
}
