using System.Text.Json.Nodes;
using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// Telemetry of the real process: a command that moves a run exports its spans over OTLP/HTTP to the configured
/// collector before it exits, <c>--verbose</c> prints them on stderr, and a malformed setting is one line naming it.
/// </summary>
public sealed class TelemetryTests : TempDirectoryTest
{
    [Theory]
    [InlineData("AGENTFLOW__TELEMETRY__OTLPENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public async Task Run_with_an_otlp_endpoint_exports_the_runs_spans_before_the_process_exits(string variable)
    {
        using var receiver = OtlpReceiver.Start();
        var environment = new Dictionary<string, string?> { [variable] = receiver.Endpoint.ToString(), ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" };

        var (code, stdout, stderr) = await CliRunner.RunAsync(environment, "run", "workflows/hello.json", "--data-dir", DataDir);

        Assert.True(code == 0, stderr);
        var runId = JsonNode.Parse(stdout)!["runId"]!.GetValue<string>(); // hello's output names its run
        // The process flushed before it exited (each export is answered before the next step), so nothing is waited for.
        Assert.Empty(receiver.Problems);
        var run = receiver.Spans.Where(s => Equals(s.Attributes.GetValueOrDefault("agentflow.run.id"), runId)).ToList();
        Assert.NotEmpty(run);
        Assert.All(run, s => Assert.Equal("agentflow", s.ServiceName));
        Assert.All(run, s => Assert.Equal("AgentFlow", s.Scope));
        Assert.Single(run.Select(s => s.TraceId).Distinct());
    }

    [Fact]
    public async Task Verbose_prints_finished_spans_on_stderr_and_keeps_stdout_for_the_output()
    {
        var file = Write("two.json", """
            { "name": "two", "start": "a", "nodes": { "a": { "kind": "set", "values": { "x": 1 }, "next": "b" },
              "b": { "kind": "set", "values": { "y": "{{ a.x }}" } } }, "output": { "y": "{{ b.y }}" } }
            """);

        var quiet = await CliRunner.RunAsync("run", file, "--data-dir", DataDir);
        var verbose = await CliRunner.RunAsync("run", file, "--verbose", "--data-dir", DataDir);

        Assert.True(verbose.ExitCode == 0, verbose.Stderr);
        Assert.DoesNotContain(" span: ", quiet.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\d\d:\d\d:\d\d span: .+ \d+\.\d ms.* agentflow\.run\.id=two-[0-9a-f]{8}", verbose.Stderr);
        Assert.DoesNotContain("span:", verbose.Stdout, StringComparison.Ordinal);
        Assert.Equal(quiet.Stdout, verbose.Stdout);
    }

    [Fact]
    public async Task Malformed_telemetry_setting_is_one_line_naming_it_and_nothing_starts()
    {
        var environment = new Dictionary<string, string?> { ["AGENTFLOW__TELEMETRY__OTLPPROTOCOL"] = "udp" };

        var (code, stdout, stderr) = await CliRunner.RunAsync(environment, "run", "workflows/hello.json", "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal("agentflow: configuration: AGENTFLOW__TELEMETRY__OTLPPROTOCOL: is 'udp'; use http/protobuf (the default) or grpc", stderr.Trim());
    }

    [Fact]
    public async Task Telemetry_section_of_agentflow_json_is_known_and_read()
    {
        Write("agentflow.json", """{ "telemetry": { "otlpEndpoint": "collector:4318", "captureContent": false } }""");

        var (code, _, stderr) = await CliRunner.RunInAsync(Root, null, "runs", "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.DoesNotContain("unknown setting", stderr, StringComparison.Ordinal);
        Assert.StartsWith("agentflow: configuration: telemetry.otlpEndpoint: is 'collector:4318'; give the OTLP collector's address", stderr.Trim(), StringComparison.Ordinal);
    }
}
