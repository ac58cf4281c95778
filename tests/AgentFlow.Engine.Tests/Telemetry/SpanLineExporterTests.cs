using System.Diagnostics;
using AgentFlow.Abstractions.Telemetry;
using AgentFlow.Engine.Telemetry;

namespace AgentFlow.Engine.Tests.Telemetry;

/// <summary>The span log of <c>--verbose</c>: one concise line per finished span, written where the host says.</summary>
public sealed class SpanLineExporterTests
{
    [Fact]
    public void Line_NameDurationStatusAndAttributes_WithoutPromptOrCompletion()
    {
        using var activity = new Activity("chat gpt-test");
        activity.SetTag(TelemetryTags.GenAiRequestModel, "gpt-test").SetTag(TelemetryTags.GenAiInputTokens, 12)
            .SetTag(TelemetryTags.GenAiFinishReasons, new[] { "stop", "length" })
            .SetTag(TelemetryTags.GenAiInputMessages, "the secret prompt").SetTag(TelemetryTags.GenAiOutputMessages, "the answer")
            .SetStatus(ActivityStatusCode.Error, "the model answered 500");
        activity.SetStartTime(new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc));
        activity.SetEndTime(new DateTime(2026, 12, 3, 9, 0, 1, 250, DateTimeKind.Utc));

        var line = SpanLineExporter.Line(activity);

        Assert.Matches(@"^\d\d:\d\d:\d\d span: chat gpt-test 1250\.0 ms error: ""the model answered 500"" gen_ai\.request\.model=gpt-test gen_ai\.usage\.input_tokens=12 gen_ai\.response\.finish_reasons=stop,length$", line);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
        Assert.DoesNotContain("answer\"", line.Replace("answered", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Line_LongOrMultilineValue_IsCutToOneLine()
    {
        using var activity = new Activity("agentflow.node");
        activity.SetTag("agentflow.error", new string('x', 200) + "\nsecond line");

        var line = SpanLineExporter.Line(activity);

        Assert.DoesNotContain('\n', line);
        Assert.Contains(new string('x', 79) + "…", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_with_a_span_log_writes_each_finished_AgentFlow_span_to_it()
    {
        var log = new StringWriter();
        var name = $"test.span {Guid.NewGuid():N}";
        using (var telemetry = TelemetryPipeline.Start(new TelemetryOptions { SpanLog = log }))
        {
            Assert.NotNull(telemetry.Tracer);
            Assert.Null(telemetry.Meter);
            using var span = AgentFlowTelemetry.Source.StartActivity(name);
            Assert.NotNull(span);
            span.SetTag(TelemetryTags.NodeId, "greet");
        }

        // The span log is written as each span ends, on the thread that ends it.
        Assert.Contains(log.ToString().Split(Environment.NewLine), l => l.Contains($"span: {name} ", StringComparison.Ordinal) && l.EndsWith(" agentflow.node.id=greet", StringComparison.Ordinal));
    }
}
