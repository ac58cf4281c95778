using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// The HTTP policy of model calls: a time limit per request (response body included) and retries of 429 and 5xx
/// answers with exponential backoff that honours <c>Retry-After</c> / <c>retry-after-ms</c>. Semantic Kernel turns
/// the SDK's own retries and timeout off when it is given an <see cref="HttpClient"/>, so this handler is the only policy.
/// </summary>
internal sealed class RetryingHttpHandler : DelegatingHandler
{
    private readonly LlmOptions _options;
    private readonly ILogger _logger;

    public RetryingHttpHandler(LlmOptions options, ILogger logger, HttpMessageHandler inner)
        : base(inner)
    {
        _options = options;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Buffered once, so every retry sends the same bytes.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var retry = 0; ; retry++)
        {
            ModelRequestCounter.CountRequest();
            var response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            if (!IsTransient(response.StatusCode) || retry >= _options.MaxRetries)
            {
                return response;
            }

            var delay = RetryDelay(response, retry);
            if (delay > _options.MaxRetryDelay)
            {
                return response;
            }

            Log.RetryingModelRequest(_logger, request.Method.Method, Endpoint(request), (int)response.StatusCode, retry + 1, _options.MaxRetries, (long)delay.TotalMilliseconds);
            response.Dispose();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);

            // The body counts against the time limit too: a server that sends headers and then stalls is a timeout.
            await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();

            // An HttpRequestException travels through the SDK's pipeline as a request failure; the TimeoutException
            // inside tells the executor what happened.
            throw new HttpRequestException(
                $"no answer from {Endpoint(request)} within {_options.RequestTimeout.TotalSeconds:0.###} s",
                new TimeoutException($"The model request timed out after {_options.RequestTimeout}.", ex));
        }
    }

    private TimeSpan RetryDelay(HttpResponseMessage response, int retry)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        var backoff = _options.RetryBaseDelay * Math.Pow(2, retry);
        return backoff > _options.MaxRetryDelay ? _options.MaxRetryDelay : backoff;
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Scheme, host, port and path only: query strings can carry credentials.</summary>
    internal static string Endpoint(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Path) : "the model endpoint";
}
