namespace AgentFlow.Abstractions.Telemetry;

/// <summary>
/// How telemetry travels to the OTLP endpoint; named in settings as the OpenTelemetry specification names them
/// (<c>grpc</c>, <c>http/protobuf</c>), read by <see cref="TelemetryOptionsBinder"/>.
/// </summary>
public enum OtlpProtocol
{
    /// <summary><c>http/protobuf</c>: protobuf over HTTP POST to <c>ENDPOINT/v1/traces</c> and <c>ENDPOINT/v1/metrics</c> (port 4318 by convention).</summary>
    HttpProtobuf,

    /// <summary><c>grpc</c>: OTLP over gRPC to the endpoint itself (port 4317 by convention).</summary>
    Grpc,
}
