using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Agents.Tools;

/// <summary>Reads an HTTP response body within a byte limit and turns it into the <c>http</c> tool's <c>body</c>.</summary>
internal static class ResponseBody
{
    /// <summary>
    /// Up to <paramref name="limit"/> bytes. Beyond it: null when <paramref name="failWhenLarger"/> (nothing more is
    /// read), else the first <paramref name="limit"/> bytes.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long limit, bool failWhenLarger, CancellationToken cancellationToken)
    {
        if (failWhenLarger && content.Headers.ContentLength > limit)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    if (failWhenLarger)
                    {
                        return null;
                    }

                    await buffer.WriteAsync(chunk.AsMemory(0, (int)(limit - buffer.Length)), cancellationToken).ConfigureAwait(false);
                    break;
                }

                await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Parsed JSON for a JSON media type (<c>application/json</c>, <c>*+json</c>), else the text.</summary>
    public static JsonNode? Parse(byte[] bytes, MediaTypeHeaderValue? contentType, Func<Exception> notJson)
    {
        var mediaType = contentType?.MediaType ?? string.Empty;
        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            if (bytes.Length == 0)
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(bytes);
            }
            catch (JsonException)
            {
                throw notJson();
            }
        }

        return JsonValue.Create(Decode(bytes, contentType?.CharSet));
    }

    private static string Decode(byte[] bytes, string? charset)
    {
        var encoding = Encoding.UTF8;
        if (charset is { Length: > 0 })
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: UTF-8 is the best guess for text from a JSON-era API.
            }
        }

        return encoding.GetString(bytes);
    }
}
