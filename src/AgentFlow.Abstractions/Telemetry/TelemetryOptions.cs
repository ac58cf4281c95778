namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// Telemetry export settings (<c>telemetry</c> in agentflow.json, <c>AGENTFLOW__TELEMETRY__*</c>, the standard
/// <c>OTEL_*</c> variables as fallbacks; read by <see cref="TelemetryOptionsBinder"/>). Off by default: without an
/// endpoint and without a span log nothing subscribes to <see cref="AgentFlowTelemetry.Source"/> or
/// <see cref="AgentFlowTelemetry.Meter"/>, so spans are never created and instruments record nothing.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The default <see cref="ServiceName"/>.</summary>
    public const string DefaultServiceName = "agentflow";

    /// <summary>
    /// Where to export over OTLP: a base address such as <c>http://127.0.0.1:4318</c> (HTTP: <c>/v1/traces</c> and
    /// <c>/v1/metrics</c> are appended, as for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) or <c>http://127.0.0.1:4317</c>
    /// (gRPC). Null (the default, unless <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set): nothing is exported.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport. Default <see cref="OtlpProtocol.HttpProtobuf"/> (the specification's default), or <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.HttpProtobuf;

    /// <summary>Export spans (runs, nodes, model and tool calls). Default true; false keeps only metrics.</summary>
    public bool Traces { get; set; } = true;

    /// <summary>Export metrics (runs, node durations, tokens, cost). Default true; false keeps only traces.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// Put prompt and completion text on model-call spans (<see cref="TelemetryTags.GenAiInputMessages"/>,
    /// <see cref="TelemetryTags.GenAiOutputMessages"/>). Default false: prompts may hold personal data, and a trace
    /// store is rarely where it should go.
    /// </summary>
    public bool CaptureContent { get; set; }

    /// <summary>The resource's <c>service.name</c>. Default <c>agentflow</c>, or <c>OTEL_SERVICE_NAME</c>.</summary>
    public string ServiceName { get; set; } = DefaultServiceName;

    /// <summary>
    /// How often metrics are exported. Null (default): the SDK's, 60 s or <c>OTEL_METRIC_EXPORT_INTERVAL</c>. A
    /// short-lived command exports its metrics once more when it ends, whatever the interval.
    /// </summary>
    public TimeSpan? MetricExportInterval { get; set; }

    /// <summary>
    /// Where to write one line per finished span (the CLI's <c>--verbose</c> sets standard error); null (default) for none.
    /// Not a setting of agentflow.json: a host chooses it.
    /// </summary>
    public TextWriter? SpanLog { get; set; }

    /// <summary>Whether spans go anywhere: <see cref="Traces"/> and an endpoint or a span log.</summary>
    public bool ExportsTraces => Traces && (OtlpEndpoint is not null || SpanLog is not null);

    /// <summary>Whether metrics go anywhere: <see cref="Metrics"/> and an endpoint.</summary>
    public bool ExportsMetrics => Metrics && OtlpEndpoint is not null;
}
