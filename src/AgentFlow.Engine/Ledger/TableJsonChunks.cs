using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// Keeps a JSON value in a table entity as UTF-8 split over binary properties <c>Result0</c>..<c>Result10</c>, because
/// a single property holds at most 64 KiB and a whole entity at most 1 MiB. <c>ResultChunks</c> says how many there
/// are (0 for no value). Non-ASCII text is kept as is rather than escaped, which would take up to six times the room.
/// </summary>
internal static class TableJsonChunks
{
    /// <summary>The bytes in one binary property (the service's limit).</summary>
    public const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// How many chunks an entity carries at most: the 1 MiB entity limit is checked on the request, where binary is
    /// base64 (4/3 larger), so 11 chunks (about 0.96 MB encoded) leave room for the other properties.
    /// </summary>
    public const int MaxChunks = 11;

    /// <summary>The largest value, as UTF-8 JSON, that fits.</summary>
    public const int MaxBytes = ChunkBytes * MaxChunks;

    // Stored data, never HTML: relaxed escaping is safe here.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string CountProperty = "ResultChunks";
    private const string ChunkProperty = "Result";

    /// <summary>Stores <paramref name="value"/> (the result recorded under <paramref name="key"/>) in <paramref name="entity"/>.</summary>
    /// <exception cref="ArgumentException">The value is larger than <see cref="MaxBytes"/> as UTF-8 JSON.</exception>
    public static void Write(TableEntity entity, JsonNode? value, string key)
    {
        if (value is null)
        {
            entity[CountProperty] = 0;
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value.ToJsonString(Compact));
        if (bytes.Length > MaxBytes)
        {
            throw new ArgumentException(
                $"the result for effect key '{key}' is {bytes.Length} bytes of JSON, but the Azure table effect ledger keeps at most {MaxBytes} bytes "
                + "per result: make the tool return a smaller result (for example a reference to where the data is stored)",
                nameof(value));
        }

        var count = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        entity[CountProperty] = count;
        for (var i = 0; i < count; i++)
        {
            var start = i * ChunkBytes;
            entity[ChunkProperty + i] = bytes.AsSpan(start, Math.Min(ChunkBytes, bytes.Length - start)).ToArray();
        }
    }

    /// <summary>Copies the stored value's properties from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public static void Copy(TableEntity source, TableEntity target)
    {
        var count = source.GetInt32(CountProperty) ?? 0;
        target[CountProperty] = count;
        for (var i = 0; i < count; i++)
        {
            target[ChunkProperty + i] = source[ChunkProperty + i];
        }
    }

    /// <summary>The value stored in <paramref name="entity"/>, or null.</summary>
    public static JsonNode? Read(TableEntity entity)
    {
        var count = entity.GetInt32(CountProperty) ?? 0;
        if (count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            var chunk = entity.GetBinary(ChunkProperty + i)
                ?? throw new InvalidDataException($"table entity '{entity.PartitionKey}'/'{entity.RowKey}' lacks {ChunkProperty}{i} of its {count} result chunks");
            buffer.Write(chunk);
        }

        buffer.Position = 0;
        return JsonNode.Parse(buffer);
    }
}
