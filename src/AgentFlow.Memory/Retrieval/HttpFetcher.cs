using System.Net.Http.Headers;
using System.Text;

namespace AgentFlow.Memory.Retrieval;

/// <summary>GETs a remote source with a time limit and a size limit, so a slow or huge response cannot stall or exhaust a run.</summary>
internal sealed class HttpFetcher(HttpClient client, RetrievalOptions options)
{
    /// <summary>A fetched body with its media type (lower case, null when the server sent none).</summary>
    public sealed record Response(byte[] Body, string? MediaType, Encoding Encoding);

    public async Task<Response> GetAsync(ResolvedSource source, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HttpTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, source.Location);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AgentFlow", "1.0"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Fail(source, $"GET {source.Location} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
            {
                throw TooLarge(source);
            }

            var body = await ReadLimitedAsync(response.Content, source, timeout.Token).ConfigureAwait(false);
            var headers = response.Content.Headers.ContentType;
            return new Response(body, headers?.MediaType?.ToLowerInvariant(), EncodingOf(headers?.CharSet));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(source, $"GET {source.Location} took longer than {options.HttpTimeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw Fail(source, $"GET {source.Location} failed: {e.Message}", e);
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, ResolvedSource source, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > options.MaxResponseBytes)
                {
                    throw TooLarge(source);
                }

                await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return buffer.ToArray();
        }
    }

    private static Encoding EncodingOf(string? charset)
    {
        try
        {
            return string.IsNullOrWhiteSpace(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private SourceReadException TooLarge(ResolvedSource source) =>
        Fail(source, $"GET {source.Location} returned more than {options.MaxResponseBytes} bytes (RetrievalOptions.MaxResponseBytes)");

    private static SourceReadException Fail(ResolvedSource source, string message, Exception? inner = null) =>
        new(source.Definition.Name, source.Field, message, inner);
}
