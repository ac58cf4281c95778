using AgentFlow.Abstractions.Configuration;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Tests.Telemetry;

/// <summary><c>telemetry.*</c> settings and the standard <c>OTEL_*</c> fallbacks: read, checked, and named when wrong.</summary>
public sealed class TelemetryOptionsBinderTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static TelemetryOptions Bind(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        var options = new TelemetryOptions();
        TelemetryOptionsBinder.Bind(options, configuration, environment ?? NoEnvironment);
        return options;
    }

    [Fact]
    public void Bind_NoSettings_IsOffWithDefaults()
    {
        var options = Bind(Configuration());

        Assert.Null(options.OtlpEndpoint);
        Assert.Equal(OtlpProtocol.HttpProtobuf, options.OtlpProtocol);
        Assert.Equal("agentflow", options.ServiceName);
        Assert.False(options.CaptureContent);
        Assert.Null(options.MetricExportInterval);
        Assert.False(options.ExportsTraces);
        Assert.False(options.ExportsMetrics);
    }

    [Fact]
    public void Bind_EverySetting_IsRead()
    {
        var options = Bind(Configuration(
            ("telemetry:otlpEndpoint", "http://collector:4317"),
            ("telemetry:otlpProtocol", "grpc"),
            ("telemetry:traces", "true"),
            ("telemetry:metrics", "False"),
            ("telemetry:captureContent", "true"),
            ("telemetry:serviceName", "agentflow-eu"),
            ("telemetry:metricExportInterval", "PT30S")));

        Assert.Equal(new Uri("http://collector:4317"), options.OtlpEndpoint);
        Assert.Equal(OtlpProtocol.Grpc, options.OtlpProtocol);
        Assert.True(options.ExportsTraces);
        Assert.False(options.ExportsMetrics);
        Assert.True(options.CaptureContent);
        Assert.Equal("agentflow-eu", options.ServiceName);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MetricExportInterval);
    }

    [Fact]
    public void Bind_StandardVariables_ApplyWhenTheSettingsAreAbsent()
    {
        var environment = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "https://otel.example.com:4318",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_SERVICE_NAME"] = "from-env",
        };

        var options = Bind(Configuration(), name => environment.GetValueOrDefault(name));

        Assert.Equal(new Uri("https://otel.example.com:4318"), options.OtlpEndpoint);
        Assert.Equal(OtlpProtocol.Grpc, options.OtlpProtocol);
        Assert.Equal("from-env", options.ServiceName);
    }

    [Fact]
    public void Bind_SettingAndStandardVariable_TheSettingWins()
    {
        var environment = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://env:4318", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc" };

        var options = Bind(Configuration(("telemetry:otlpEndpoint", "http://setting:4318"), ("telemetry:otlpProtocol", "http/protobuf")), name => environment.GetValueOrDefault(name));

        Assert.Equal(new Uri("http://setting:4318"), options.OtlpEndpoint);
        Assert.Equal(OtlpProtocol.HttpProtobuf, options.OtlpProtocol);
    }

    [Theory]
    [InlineData("telemetry:otlpEndpoint", "localhost:4318", "telemetry.otlpEndpoint", "http://127.0.0.1:4318")]
    [InlineData("telemetry:otlpEndpoint", "ftp://collector", "telemetry.otlpEndpoint", "http or https")]
    [InlineData("telemetry:otlpEndpoint", "http://collector:4318/?token=1", "telemetry.otlpEndpoint", "no query")]
    [InlineData("telemetry:otlpProtocol", "udp", "telemetry.otlpProtocol", "use http/protobuf (the default) or grpc")]
    [InlineData("telemetry:otlpProtocol", "http/json", "telemetry.otlpProtocol", "does not send")]
    [InlineData("telemetry:traces", "yes", "telemetry.traces", "use true or false")]
    [InlineData("telemetry:captureContent", "1", "telemetry.captureContent", "use true or false")]
    [InlineData("telemetry:metricExportInterval", "30", "telemetry.metricExportInterval", "ISO-8601")]
    [InlineData("telemetry:metricExportInterval", "PT0.5S", "telemetry.metricExportInterval", "from PT1S to P1D")]
    public void Bind_MalformedSetting_ThrowsNamingTheSettingAndWhatToDo(string key, string value, string setting, string hint)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Bind(Configuration((key, value))));

        Assert.Equal(setting, ex.Setting);
        Assert.StartsWith($"{setting}: is '{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(hint, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_MalformedStandardVariable_ThrowsNamingTheVariable()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Bind(Configuration(), name => name == "OTEL_EXPORTER_OTLP_PROTOCOL" ? "thrift" : null));

        Assert.Equal("OTEL_EXPORTER_OTLP_PROTOCOL", ex.Setting);
    }

    [Fact]
    public void AddAgentFlow_TelemetrySettings_AreTheHostsOptionsForEveryPart()
    {
        var services = new ServiceCollection();
        services.AddAgentFlow(Configuration(("telemetry:captureContent", "true"), ("telemetry:serviceName", "svc")));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TelemetryOptions>>().Value;

        Assert.True(options.CaptureContent);
        Assert.Equal("svc", options.ServiceName);
    }

    [Fact]
    public void AddAgentFlow_MalformedTelemetrySetting_FailsWhenTheHostStartsNamingIt()
    {
        var services = new ServiceCollection();
        services.AddAgentFlow(Configuration(("telemetry:metricExportInterval", "soon")));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<ConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("telemetry.metricExportInterval", ex.Setting);
    }

    [Fact]
    public void AddTelemetry_Configure_AppliesAfterTheSettings()
    {
        var services = new ServiceCollection();
        var writer = new StringWriter();
        services.AddAgentFlow(Configuration(("telemetry:serviceName", "from-settings"))).AddTelemetry(o => o.SpanLog = writer);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TelemetryOptions>>().Value;

        Assert.Equal("from-settings", options.ServiceName);
        Assert.Same(writer, options.SpanLog);
        Assert.True(options.ExportsTraces);
        Assert.False(options.ExportsMetrics);
    }
}
