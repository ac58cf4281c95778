using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentFlow.Abstractions.Telemetry;
using OpenTelemetry;

namespace AgentFlow.Engine.Telemetry;

/// <summary>
/// Writes one line per finished span to a <see cref="TextWriter"/> (the CLI's <c>--verbose</c>: standard error, since
/// standard output is the command's output and OpenTelemetry's console exporter writes there):
/// <c>HH:mm:ss span: NAME 12.3 ms [error: DESCRIPTION] key=value ...</c>. Prompt and completion text are left out
/// (they are long and belong in a trace store, when captured at all); other values are cut at 80 characters.
/// </summary>
public sealed class SpanLineExporter(TextWriter writer) : BaseExporter<Activity>
{
    private const int MaxValue = 80;

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
        {
            try
            {
                writer.WriteLine(Line(activity));
            }
            catch (IOException)
            {
                // A closed standard error (a pipe whose reader left) must not fail the run; the OTLP export goes on.
                return ExportResult.Failure;
            }
        }

        writer.Flush();
        return ExportResult.Success;
    }

    /// <summary>The line of <paramref name="activity"/>.</summary>
    public static string Line(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{(activity.StartTimeUtc + activity.Duration).ToLocalTime():HH:mm:ss} span: {activity.DisplayName} {activity.Duration.TotalMilliseconds:F1} ms");
        if (activity.Status == ActivityStatusCode.Error)
        {
            line.Append(" error");
            if (!string.IsNullOrEmpty(activity.StatusDescription))
            {
                line.Append(": ").Append(Value(activity.StatusDescription));
            }
        }

        foreach (var (key, value) in activity.TagObjects)
        {
            if (key is TelemetryTags.GenAiInputMessages or TelemetryTags.GenAiOutputMessages || value is null)
            {
                continue;
            }

            line.Append(' ').Append(key).Append('=').Append(Value(Text(value)));
        }

        return line.ToString();
    }

    private static string Text(object value) => value switch
    {
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => string.Join(',', items.Cast<object?>().Select(i => i is null ? string.Empty : Text(i))),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Value(string text)
    {
        var cut = text.Length > MaxValue ? string.Concat(text.AsSpan(0, MaxValue - 1), "…") : text;
        cut = cut.ReplaceLineEndings(" ");
        return cut.Contains(' ', StringComparison.Ordinal) || cut.Contains('"', StringComparison.Ordinal)
            ? "\"" + cut.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : cut;
    }
}
