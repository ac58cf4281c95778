using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// Canonical JSON for hashing, so equal values hash equally however they were built or formatted:
/// object keys sorted ordinally (UTF-16 code units) at every level, no whitespace, strings escaped only where JSON
/// requires it (<c>"</c>, <c>\</c> and control characters, as <c>\b \f \n \r \t</c> or lowercase <c>\u00xx</c>),
/// numbers, <c>true</c>, <c>false</c> and <c>null</c> exactly as written, encoded as UTF-8.
/// </summary>
internal static class CanonicalJson
{
    /// <summary>Lowercase hex SHA-256 of the canonical UTF-8 bytes of <paramref name="value"/>.</summary>
    public static string Sha256Hex(JsonNode? value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Write(value))));

    /// <summary>The canonical text of <paramref name="value"/> (a C# null is JSON <c>null</c>).</summary>
    public static string Write(JsonNode? value)
    {
        // Going through text turns values built from CLR objects (dates, decimals) into the same form they have
        // after being stored and read back, so a hash taken before storing matches one taken after.
        using var document = JsonDocument.Parse(value?.ToJsonString() ?? "null");
        var builder = new StringBuilder();
        Write(document.RootElement, builder);
        return builder.ToString();
    }

    private static void Write(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",");
                    first = false;
                    WriteString(property.Name, builder);
                    builder.Append(':');
                    Write(property.Value, builder);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    builder.Append(index++ == 0 ? "" : ",");
                    Write(item, builder);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, builder);
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }

    private static void WriteString(string value, StringBuilder builder)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\b' => builder.Append("\\b"),
                '\f' => builder.Append("\\f"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        builder.Append('"');
    }
}
