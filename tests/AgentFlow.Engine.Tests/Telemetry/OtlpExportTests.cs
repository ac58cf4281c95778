using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Tests.Telemetry;

/// <summary>
/// A host composed with <c>AddAgentFlow(configuration)</c> and <c>telemetry.otlpEndpoint</c> exports AgentFlow's spans
/// and metrics over OTLP/HTTP to a receiver on 127.0.0.1 that decodes the protobuf payload. Spans of other tests running
/// at the same time may arrive too; each test picks its own by trace id or service name.
/// </summary>
public sealed class OtlpExportTests
{
    private static ServiceProvider Host(OtlpReceiver receiver, params (string Key, string Value)[] settings)
    {
        var values = new List<KeyValuePair<string, string?>>
        {
            new("telemetry:otlpEndpoint", receiver.Endpoint.ToString()),
            new("telemetry:otlpProtocol", "http/protobuf"),
        };
        values.AddRange(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        var services = new ServiceCollection();
        services.AddAgentFlow(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    [Fact]
    public async Task Host_with_an_otlp_http_endpoint_sends_spans_with_names_ids_parents_attributes_status_and_service_name()
    {
        using var receiver = OtlpReceiver.Start();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        ActivityTraceId trace;
        string runSpan, nodeSpan, callSpan;
        var derivedParent = SpanIds.Span($"otlp-{Guid.NewGuid():N}/greet/0");
        await using (var host = Host(receiver, ("telemetry:serviceName", "agentflow-otlp-test"), ("telemetry:metrics", "false")))
        {
            var factory = host.GetRequiredService<AgentFlowHostFactory>();
            Assert.NotNull(factory.Telemetry.Tracer);
            Assert.Null(factory.Telemetry.Meter);

            Activity.Current = null;
            using (var run = AgentFlowTelemetry.Source.StartActivity("agentflow.run", ActivityKind.Internal, parentContext: default))
            {
                Assert.NotNull(run);
                run.SetTag(TelemetryTags.RunId, "hello-0a1b2c3d").SetTag(TelemetryTags.Workflow, "hello");
                trace = run.TraceId;
                runSpan = run.SpanId.ToHexString();
                using (var node = AgentFlowTelemetry.Source.StartActivity("agentflow.node greet"))
                {
                    Assert.NotNull(node);
                    node.SetTag(TelemetryTags.NodeId, "greet").SetTag(TelemetryTags.NodeKind, "llm").SetTag(TelemetryTags.Iteration, 2)
                        .SetTag(TelemetryTags.GenAiRequestTemperature, 0.25).SetTag("agentflow.test.replayed", false)
                        .SetStatus(ActivityStatusCode.Error, "the model answered 500");
                    nodeSpan = node.SpanId.ToHexString();
                }

                // A model call made under a node span it names by derived id (emitted elsewhere, later): the parent is kept.
                using var call = AgentFlowTelemetry.Source.StartActivity("chat gpt-test", ActivityKind.Client, new ActivityContext(trace, derivedParent, ActivityTraceFlags.Recorded));
                Assert.NotNull(call);
                call.SetTag(TelemetryTags.GenAiOperation, "chat").SetTag(TelemetryTags.GenAiInputTokens, 12L).SetTag(TelemetryTags.GenAiFinishReasons, new[] { "stop" });
                callSpan = call.SpanId.ToHexString();
            }
        }

        // Disposing the host's services flushed the batch: the spans are there (waited for only as a hang guard).
        var spans = (await receiver.WaitForSpansAsync(s => s.Count(x => x.TraceId == trace.ToHexString()) >= 3, hang.Token))
            .Where(s => s.TraceId == trace.ToHexString()).ToDictionary(s => s.SpanId);

        Assert.Empty(receiver.Problems);
        Assert.All(spans.Values, s => Assert.Equal("agentflow-otlp-test", s.ServiceName));
        Assert.All(spans.Values, s => Assert.Equal(AgentFlowTelemetry.SourceName, s.Scope));
        Assert.All(spans.Values, s => Assert.True(s.StartUnixNanos > 0 && s.EndUnixNanos >= s.StartUnixNanos));

        var runSent = spans[runSpan];
        Assert.Equal("agentflow.run", runSent.Name);
        Assert.Equal(string.Empty, runSent.ParentSpanId);
        Assert.Equal("hello-0a1b2c3d", runSent.Attributes[TelemetryTags.RunId]);
        Assert.Equal("hello", runSent.Attributes[TelemetryTags.Workflow]);

        var nodeSent = spans[nodeSpan];
        Assert.Equal("agentflow.node greet", nodeSent.Name);
        Assert.Equal(runSpan, nodeSent.ParentSpanId);
        Assert.Equal("greet", nodeSent.Attributes[TelemetryTags.NodeId]);
        Assert.Equal(2L, nodeSent.Attributes[TelemetryTags.Iteration]);
        Assert.Equal(0.25, nodeSent.Attributes[TelemetryTags.GenAiRequestTemperature]);
        Assert.Equal(false, nodeSent.Attributes["agentflow.test.replayed"]);
        Assert.Equal(2, nodeSent.StatusCode);
        Assert.Equal("the model answered 500", nodeSent.StatusMessage);

        var callSent = spans[callSpan];
        Assert.Equal(derivedParent.ToHexString(), callSent.ParentSpanId);
        Assert.Equal(3, callSent.Kind);
        Assert.Equal(12L, callSent.Attributes[TelemetryTags.GenAiInputTokens]);
        Assert.Equal(new object?[] { "stop" }, Assert.IsType<List<object?>>(callSent.Attributes[TelemetryTags.GenAiFinishReasons]));
    }

    [Fact]
    public async Task Host_with_an_otlp_http_endpoint_sends_metrics_with_service_name()
    {
        using var receiver = OtlpReceiver.Start();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var service = $"agentflow-metrics-{Guid.NewGuid():N}";
        await using (var host = Host(receiver, ("telemetry:serviceName", service), ("telemetry:traces", "false")))
        {
            var factory = host.GetRequiredService<AgentFlowHostFactory>();
            Assert.Null(factory.Telemetry.Tracer);
            Assert.NotNull(factory.Telemetry.Meter);
            AgentFlowMetrics.RunsStarted.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Workflow, "hello"));
            AgentFlowMetrics.NodeDuration.Record(0.5, new KeyValuePair<string, object?>(TelemetryTags.NodeKind, "llm"));
        }

        // The default interval is a minute: what arrived was exported by the flush on disposal.
        var metrics = await receiver.WaitForMetricsAsync(m => m.Any(x => x.ServiceName == service && x.Metric == "agentflow.node.duration"), hang.Token);

        Assert.Empty(receiver.Problems);
        Assert.Contains((service, "agentflow.runs.started"), metrics);
    }

    [Fact]
    public void Host_without_an_endpoint_or_span_log_starts_no_provider()
    {
        var services = new ServiceCollection();
        services.AddAgentFlow(new ConfigurationBuilder().Build());
        services.Configure<TelemetryOptions>(o => o.OtlpEndpoint = null); // whatever OTEL_EXPORTER_OTLP_ENDPOINT says here
        using var provider = services.BuildServiceProvider();

        var telemetry = provider.GetRequiredService<AgentFlowHostFactory>().Telemetry;

        Assert.False(telemetry.IsOn);
        Assert.Null(telemetry.Tracer);
        Assert.Null(telemetry.Meter);
    }

    [Fact]
    public void Options_with_traces_and_metrics_off_start_no_provider_even_with_an_endpoint()
    {
        using var telemetry = Engine.Telemetry.TelemetryPipeline.Start(new TelemetryOptions { OtlpEndpoint = new Uri("http://127.0.0.1:9/"), Traces = false, Metrics = false });

        Assert.False(telemetry.IsOn);
    }

    [Theory]
    [InlineData("http://collector:4318", OtlpProtocol.HttpProtobuf, "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", OtlpProtocol.HttpProtobuf, "http://collector:4318/v1/traces")]
    [InlineData("https://example.com/otlp/", OtlpProtocol.HttpProtobuf, "https://example.com/otlp/v1/traces")]
    [InlineData("http://collector:4318/v1/traces", OtlpProtocol.HttpProtobuf, "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4317", OtlpProtocol.Grpc, "http://collector:4317/")]
    public void SignalEndpoint_AppendsTheSignalPathOverHttpOnly(string endpoint, OtlpProtocol protocol, string expected)
    {
        Assert.Equal(new Uri(expected), Engine.Telemetry.TelemetryPipeline.SignalEndpoint(new Uri(endpoint), protocol, "traces"));
    }
}
