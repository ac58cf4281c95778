using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentFlow.Engine.Orchestration;

/// <summary>Writes a <see cref="ProgressStatus"/> as the rendered progress; statuses are never read back as this type.</summary>
internal sealed class ProgressStatusConverter : JsonConverter<ProgressStatus>
{
    public override ProgressStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("a run's status is read as RunProgress");

    public override void Write(Utf8JsonWriter writer, ProgressStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.Tracker.Render().WriteTo(writer, options);
    }
}
