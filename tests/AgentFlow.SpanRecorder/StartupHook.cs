using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

// The runtime looks the hook up by this exact name in the global namespace.
#pragma warning disable CA1050

/// <summary>
/// Runs before <c>Main</c> when the process starts with <c>DOTNET_STARTUP_HOOKS</c> naming this assembly. With
/// <c>AGENTFLOW_TEST_SPANS_DIR</c> set, listens to the <c>AgentFlow</c> activity source (sampling everything) and
/// appends each finished span to <c>spans-PID.jsonl</c> in that folder, one JSON object a line, flushed at once.
/// </summary>
public static class StartupHook
{
    private static readonly Lock Gate = new();
    private static StreamWriter? _writer;

    /// <summary>Called by the runtime once, before the app's entry point.</summary>
    public static void Initialize()
    {
        var folder = Environment.GetEnvironmentVariable("AGENTFLOW_TEST_SPANS_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        _writer = new StreamWriter(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"spans-{Environment.ProcessId}.jsonl")), append: true) { AutoFlush = true };
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "AgentFlow",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Write,
        };
        ActivitySource.AddActivityListener(listener);
    }

    private static void Write(Activity span)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in span.TagObjects)
        {
            tags[key] = value;
        }

        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["trace"] = span.TraceId.ToHexString(),
            ["span"] = span.SpanId.ToHexString(),
            ["parent"] = span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString(),
            ["name"] = span.DisplayName,
            ["start"] = span.StartTimeUtc,
            ["end"] = span.StartTimeUtc + span.Duration,
            ["status"] = span.Status.ToString(),
            ["error"] = span.StatusDescription,
            ["tags"] = tags,
        });
        lock (Gate)
        {
            _writer!.WriteLine(line);
        }
    }
}
