using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentFlow.Core.Model;

/// <summary>Writes an <see cref="Approver"/> as its text and reads it back, so stored runs keep their JSON shape.</summary>
internal sealed class ApproverJsonConverter : JsonConverter<Approver>
{
    public override Approver Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return Approver.Parse(reader.GetString() ?? string.Empty);
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, Approver value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
