using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// Turns what a chat service throws into one sentence a workflow author can act on (status and body excerpt, timeout,
/// connection failure, unreadable answer), instead of an SDK stack trace. Never includes request headers.
/// </summary>
internal static class ModelCallErrors
{
    private const int MaxBody = 300;

    /// <summary>Whether <paramref name="exception"/> is a failure of the model call (as opposed to a bug or cancellation).</summary>
    public static bool IsModelFailure(Exception exception) =>
        exception is HttpOperationException or ClientResultException or HttpRequestException or JsonException or KernelException
            or FormatException or InvalidOperationException or ArgumentException or NotSupportedException or TimeoutException;

    /// <summary>
    /// What went wrong, starting lower-case, e.g. <c>answered HTTP 429 (TooManyRequests) after 4 requests (3 retries) (rate limited): ...</c>;
    /// <paramref name="requests"/> is how many HTTP requests the call made (0 when unknown).
    /// </summary>
    public static string Describe(Exception exception, LlmOptions options, int requests = 0)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return $"did not answer within {options.RequestTimeout.TotalSeconds:0.###} s (the request timeout)";
            }

            if (e is SocketException socket)
            {
                return $"could not be reached: {(socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused; is the server running?" : socket.Message)}";
            }
        }

        var status = Status(exception);
        if (status is { } code)
        {
            var body = Body(exception);
            var retried = requests switch
            {
                1 => " after 1 request",
                > 1 => $" after {requests} requests ({requests - 1} retries)",
                _ => IsTransient(code) && options.MaxRetries > 0 ? $" after up to {options.MaxRetries} retries" : string.Empty,
            };
            var hint = code switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " (check the key in the variable named by apiKeyEnv)",
                HttpStatusCode.NotFound => " (check the model name / deployment and baseUrl)",
                HttpStatusCode.TooManyRequests => " (rate limited)",
                _ => string.Empty,
            };
            return $"answered HTTP {(int)code} ({code}){retried}{hint}{(body.Length > 0 ? $": {body}" : string.Empty)}";
        }

        if (exception is HttpRequestException request)
        {
            return $"could not be reached: {request.Message}";
        }

        var json = Find<JsonException>(exception);
        if (json is not null || exception is FormatException or InvalidOperationException or ArgumentException)
        {
            return $"sent an answer that is not a readable chat completion ({(json ?? exception).Message})";
        }

        return $"failed: {exception.Message}";
    }

    private static HttpStatusCode? Status(Exception exception) => exception switch
    {
        HttpOperationException { StatusCode: { } code } => code,
        ClientResultException { Status: > 0 } result => (HttpStatusCode)result.Status,
        _ => exception.InnerException is { } inner ? Status(inner) : null,
    };

    private static string Body(Exception exception)
    {
        var text = exception switch
        {
            HttpOperationException http => http.ResponseContent,
            ClientResultException result => result.GetRawResponse()?.Content?.ToString(),
            _ => null,
        };
        text = string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= MaxBody ? text : string.Concat(text.AsSpan(0, MaxBody), "...");
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;
}
