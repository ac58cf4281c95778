using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Model;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// Binds <see cref="TelemetryOptions"/> from the <c>telemetry</c> object of agentflow.json (<c>otlpEndpoint</c>,
/// <c>otlpProtocol</c>, <c>traces</c>, <c>metrics</c>, <c>captureContent</c>, <c>serviceName</c>,
/// <c>metricExportInterval</c>) and <c>AGENTFLOW__TELEMETRY__*</c>. Where AgentFlow's own setting is absent, the standard
/// variables apply: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>, so
/// a host started by a platform that sets them (Aspire, a Kubernetes operator) exports without any AgentFlow setting.
/// A value that cannot be read is a <see cref="ConfigurationException"/> naming the setting as its layer spells it.
/// </summary>
public static class TelemetryOptionsBinder
{
    /// <summary>The standard endpoint variable, used when <c>telemetry.otlpEndpoint</c> is absent.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard protocol variable, used when <c>telemetry.otlpProtocol</c> is absent.</summary>
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>The standard service name variable, used when <c>telemetry.serviceName</c> is absent.</summary>
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    /// <summary>
    /// Binds from <paramref name="configuration"/>, then the standard variables read through
    /// <paramref name="environment"/> (default: the process environment) for what it leaves unset.
    /// </summary>
    /// <exception cref="ConfigurationException">A value cannot be read; the message names the setting.</exception>
    public static void Bind(TelemetryOptions options, IConfiguration configuration, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        environment ??= Environment.GetEnvironmentVariable;
        Find(configuration, environment, "telemetry.otlpEndpoint", EndpointVariable, Endpoint, v => options.OtlpEndpoint = v);
        Find(configuration, environment, "telemetry.otlpProtocol", ProtocolVariable, Protocol, v => options.OtlpProtocol = v);
        Find(configuration, environment, "telemetry.serviceName", ServiceNameVariable, static (v, _) => v.Trim(), v => options.ServiceName = v);
        configuration.Bind("telemetry.traces", Flag, v => options.Traces = v);
        configuration.Bind("telemetry.metrics", Flag, v => options.Metrics = v);
        configuration.Bind("telemetry.captureContent", Flag, v => options.CaptureContent = v);
        configuration.Bind("telemetry.metricExportInterval", Interval, v => options.MetricExportInterval = v);
    }

    /// <summary>The setting's name of <paramref name="protocol"/>: <c>grpc</c> or <c>http/protobuf</c>.</summary>
    public static string Name(this OtlpProtocol protocol) => protocol == OtlpProtocol.Grpc ? "grpc" : "http/protobuf";

    private static void Find<T>(IConfiguration configuration, Func<string, string?> environment, string setting, string variable, Func<string, string, T> read, Action<T> apply)
    {
        if (configuration.Find(setting) is { } found)
        {
            apply(read(found.Value, found.Setting));
        }
        else if (environment(variable) is { } value && !string.IsNullOrWhiteSpace(value))
        {
            apply(read(value, variable));
        }
    }

    private static Uri Endpoint(string text, string setting) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment)
            ? url
            : throw new ConfigurationException(setting, $"is '{text}'; give the OTLP collector's address, such as http://127.0.0.1:4318 (OTLP over HTTP) or http://127.0.0.1:4317 with otlpProtocol grpc (http or https, no query)");

    private static OtlpProtocol Protocol(string text, string setting) => text.Trim().ToLowerInvariant() switch
    {
        "http/protobuf" => OtlpProtocol.HttpProtobuf,
        "grpc" => OtlpProtocol.Grpc,
        "http/json" => throw new ConfigurationException(setting, "is 'http/json', which AgentFlow does not send; use http/protobuf (the default) or grpc"),
        _ => throw new ConfigurationException(setting, $"is '{text}'; use http/protobuf (the default) or grpc"),
    };

    private static bool Flag(string text, string setting) =>
        bool.TryParse(text, out var flag) ? flag : throw new ConfigurationException(setting, $"is '{text}'; use true or false");

    private static TimeSpan Interval(string text, string setting) =>
        IsoDuration.TryParse(text, out var interval) && interval >= TimeSpan.FromSeconds(1) && interval <= TimeSpan.FromDays(1)
            ? interval
            : throw new ConfigurationException(setting, $"is '{text}'; use an ISO-8601 duration from PT1S to P1D, such as PT30S");
}
