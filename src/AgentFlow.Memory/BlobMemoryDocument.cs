using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace AgentFlow.Memory;

/// <summary>
/// The JSON of one record blob: <c>id</c>, <c>agent</c>, <c>text</c>, <c>metadata</c>, <c>runId</c>, <c>nodeId</c>,
/// <c>created</c> and <c>expires</c> (ISO 8601 UTC, round-trip format), and <c>embedding</c> as base64 of the
/// normalised vector in float32 little-endian, the same bytes the SQLite store keeps.
/// </summary>
internal static class BlobMemoryDocument
{
    private const string TimeFormat = "O";

    /// <summary>Serialises <paramref name="record"/> with <paramref name="normalised"/> in place of its embedding.</summary>
    public static BinaryData Write(MemoryRecord record, float[] normalised)
    {
        var json = new JsonObject
        {
            ["id"] = record.Id,
            ["agent"] = record.Agent,
            ["text"] = record.Text,
            ["metadata"] = record.Metadata?.DeepClone(),
            ["runId"] = record.RunId,
            ["nodeId"] = record.NodeId,
            ["created"] = FormatTime(record.CreatedAt),
            ["expires"] = record.ExpiresAt is { } expires ? FormatTime(expires) : null,
            ["embedding"] = Convert.ToBase64String(MemoryMarshal.AsBytes(normalised.AsSpan())),
        };
        return BinaryData.FromString(json.ToJsonString());
    }

    /// <summary>Reads a record blob written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The blob is not such a document or its vector has another length.</exception>
    public static MemoryRecord Read(BinaryData content, string blobName, int dimensions)
    {
        try
        {
            var json = JsonNode.Parse(content.ToMemory().Span) as JsonObject
                ?? throw new InvalidDataException($"memory blob '{blobName}' is not a JSON object");
            var bytes = Convert.FromBase64String(Required(json, "embedding", blobName));
            if (bytes.Length != dimensions * sizeof(float))
            {
                throw new InvalidDataException($"memory blob '{blobName}' has an embedding of {bytes.Length} bytes; expected {dimensions * sizeof(float)}");
            }

            return new MemoryRecord
            {
                Id = Required(json, "id", blobName),
                Agent = Required(json, "agent", blobName),
                Text = Required(json, "text", blobName),
                Embedding = MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
                Metadata = json["metadata"] is JsonObject metadata ? (JsonObject)metadata.DeepClone() : null,
                RunId = (string?)json["runId"],
                NodeId = (string?)json["nodeId"],
                CreatedAt = ParseTime(Required(json, "created", blobName)),
                ExpiresAt = (string?)json["expires"] is { } expires ? ParseTime(expires) : null,
            };
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"memory blob '{blobName}' is not a valid memory document: {ex.Message}", ex);
        }
    }

    private static string Required(JsonObject json, string property, string blobName) =>
        (string?)json[property] ?? throw new InvalidDataException($"memory blob '{blobName}' has no '{property}'");

    private static string FormatTime(DateTime time) => new DateTime(UtcTicks.From(time), DateTimeKind.Utc).ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) =>
        DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();
}
