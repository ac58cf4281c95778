using System.Globalization;
using System.Text;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// Reversibly encodes text for a table PartitionKey or RowKey, which may not hold '/', '\', '#', '?' or control
/// characters: each of those, and the escape character '!' itself, becomes '!' and two hex digits (all of them are
/// below U+0100). Everything else is kept, so ordinary keys stay readable in a storage explorer. The output never holds
/// "!!", which the ledger uses as a separator inside row keys.
/// </summary>
internal static class TableKeyEncoding
{
    private const char Escape = '!';

    /// <summary>The encoded form of <paramref name="value"/>.</summary>
    public static string Encode(string value)
    {
        StringBuilder? encoded = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
            {
                encoded ??= new StringBuilder(value, 0, i, value.Length + 16);
                encoded.Append(Escape).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                encoded?.Append(c);
            }
        }

        return encoded?.ToString() ?? value;
    }

    /// <summary>The text <paramref name="encoded"/> was made from.</summary>
    /// <exception cref="FormatException"><paramref name="encoded"/> was not made by <see cref="Encode"/>.</exception>
    public static string Decode(string encoded)
    {
        if (!encoded.Contains(Escape, StringComparison.Ordinal))
        {
            return encoded;
        }

        var decoded = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != Escape)
            {
                decoded.Append(encoded[i]);
                continue;
            }

            if (i + 2 >= encoded.Length
                || !int.TryParse(encoded.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"'{encoded}' is not an encoded table key: '{Escape}' at {i} is not followed by two hex digits");
            }

            decoded.Append((char)code);
            i += 2;
        }

        return decoded.ToString();
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or Escape || char.IsControl(c);
}
