using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AgentFlow.Engine.Telemetry;

/// <summary>
/// The OpenTelemetry SDK subscribed to AgentFlow's activity source and meter, as <see cref="TelemetryOptions"/> say:
/// spans through a batch processor to OTLP (and one line each to the span log), metrics through a periodic reader to
/// OTLP. When the options export nothing, no provider is created at all, so AgentFlow's spans are never started.
/// Disposing it flushes what is still buffered (a short-lived command loses nothing it finished); a killed process
/// loses only the unflushed batch. Registered by <c>AddTelemetry</c>; every host created by the
/// <see cref="Composition.AgentFlowHostFactory"/> starts it.
/// </summary>
public sealed class TelemetryPipeline : IDisposable
{
    private TelemetryPipeline(TracerProvider? tracer, MeterProvider? meter)
    {
        Tracer = tracer;
        Meter = meter;
    }

    /// <summary>The tracer provider, or null when no span is exported.</summary>
    public TracerProvider? Tracer { get; }

    /// <summary>The meter provider, or null when no metric is exported.</summary>
    public MeterProvider? Meter { get; }

    /// <summary>Whether anything is exported.</summary>
    public bool IsOn => Tracer is not null || Meter is not null;

    /// <summary>
    /// Starts the SDK as <paramref name="options"/> say. <paramref name="spanExporter"/> and
    /// <paramref name="metricExporter"/> are extra exporters (tests, the benchmark), batched like OTLP; either turns its
    /// signal on by itself, unless <see cref="TelemetryOptions.Traces"/> / <see cref="TelemetryOptions.Metrics"/> is false.
    /// </summary>
    public static TelemetryPipeline Start(TelemetryOptions options, ILogger? logger = null, BaseExporter<Activity>? spanExporter = null, BaseExporter<Metric>? metricExporter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var traces = options.Traces && (options.ExportsTraces || spanExporter is not null);
        var metrics = options.Metrics && (options.ExportsMetrics || metricExporter is not null);
        var tracer = traces ? StartTracing(options, spanExporter) : null;
        var meter = metrics ? StartMetrics(options, metricExporter) : null;
        if (options.OtlpEndpoint is { } endpoint && (tracer is not null || meter is not null) && logger.IsEnabled(LogLevel.Debug))
        {
            var protocol = options.OtlpProtocol.Name();
            Log.TelemetryExporting(logger, traces ? "traces" : "no traces", metrics ? "metrics" : "no metrics", endpoint, protocol, options.ServiceName);
        }

        return new TelemetryPipeline(tracer, meter);
    }

    /// <summary>A pipeline that exports nothing (telemetry off).</summary>
    public static TelemetryPipeline Off { get; } = new(null, null);

    /// <summary>Exports what is buffered now; false when it did not finish within <paramref name="timeout"/>.</summary>
    public bool ForceFlush(TimeSpan timeout)
    {
        var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        var spans = Tracer?.ForceFlush(milliseconds) ?? true;
        var measurements = Meter?.ForceFlush(milliseconds) ?? true;
        return spans && measurements;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Disposing shuts each provider down, which exports what its processor or reader still holds.
        Tracer?.Dispose();
        Meter?.Dispose();
    }

    /// <summary>
    /// The address a signal is sent to: the endpoint itself over gRPC; over HTTP the endpoint plus <c>v1/traces</c> or
    /// <c>v1/metrics</c>, as the specification says for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the SDK appends nothing to
    /// an endpoint set in code, so AgentFlow's setting means the same as the standard variable).
    /// </summary>
    public static Uri SignalEndpoint(Uri endpoint, OtlpProtocol protocol, string signal)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (protocol == OtlpProtocol.Grpc)
        {
            return endpoint;
        }

        var path = endpoint.AbsolutePath.TrimEnd('/');
        var suffix = "/v1/" + signal;
        return path.EndsWith(suffix, StringComparison.Ordinal) ? endpoint : new UriBuilder(endpoint) { Path = path + suffix }.Uri;
    }

    private static TracerProvider StartTracing(TelemetryOptions options, BaseExporter<Activity>? extra)
    {
        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => Describe(r, options))
            .AddSource(AgentFlowTelemetry.SourceName);
        if (options.OtlpEndpoint is { } endpoint)
        {
            builder.AddOtlpExporter(o => Point(o, endpoint, options.OtlpProtocol, "traces"));
        }

        if (options.SpanLog is { } log)
        {
            builder.AddProcessor(new SimpleActivityExportProcessor(new SpanLineExporter(log)));
        }

        if (extra is not null)
        {
            builder.AddProcessor(new BatchActivityExportProcessor(extra));
        }

        return builder.Build();
    }

    private static MeterProvider StartMetrics(TelemetryOptions options, BaseExporter<Metric>? extra)
    {
        var builder = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => Describe(r, options))
            .AddMeter(AgentFlowTelemetry.MeterName);
        if (options.OtlpEndpoint is { } endpoint)
        {
            builder.AddOtlpExporter((o, reader) =>
            {
                Point(o, endpoint, options.OtlpProtocol, "metrics");
                if (options.MetricExportInterval is { } interval)
                {
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                }
            });
        }

        if (extra is not null)
        {
            builder.AddReader(options.MetricExportInterval is { } interval
                ? new PeriodicExportingMetricReader(extra, (int)interval.TotalMilliseconds)
                : new PeriodicExportingMetricReader(extra));
        }

        return builder.Build();
    }

    private static void Describe(ResourceBuilder resource, TelemetryOptions options) =>
        resource.AddService(options.ServiceName, serviceVersion: typeof(TelemetryPipeline).Assembly.GetName().Version?.ToString());

    private static void Point(OtlpExporterOptions exporter, Uri endpoint, OtlpProtocol protocol, string signal)
    {
        exporter.Protocol = protocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = SignalEndpoint(endpoint, protocol, signal);
    }
}
