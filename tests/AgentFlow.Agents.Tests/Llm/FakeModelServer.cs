using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentFlow.Agents.Tests.Llm;

/// <summary>
/// An OpenAI-compatible chat server on 127.0.0.1 with scripted answers, so the real Semantic Kernel connector code runs
/// against it: each request takes the next scripted response (status, body, headers, delay) and is recorded.
/// With no script left it answers 500, so a test that makes an unexpected request fails visibly.
/// </summary>
public sealed class FakeModelServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<Scripted> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _disposed;

    private FakeModelServer(HttpListener listener, int port)
    {
        _listener = listener;
        Port = port;
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>An OpenAI-compatible base URL: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    /// <summary>The server root, as an Azure OpenAI endpoint: <c>http://127.0.0.1:PORT/</c>.</summary>
    public string Root => $"http://127.0.0.1:{Port}/";

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a server on a free port.</summary>
    public static FakeModelServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new FakeModelServer(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Queues the answer to the next request.</summary>
    public FakeModelServer Reply(int status, string body, TimeSpan delay = default, params (string Name, string Value)[] headers)
    {
        _script.Enqueue(new Scripted(status, body, delay, headers));
        return this;
    }

    /// <summary>Queues a 200 answer with <paramref name="body"/>.</summary>
    public FakeModelServer Reply(string body) => Reply(200, body);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Answered concurrently: a delayed answer must not hold up the next request.
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var headers = request.Headers.AllKeys.OfType<string>().ToDictionary(k => k.ToLowerInvariant(), k => request.Headers[k] ?? string.Empty);
        _requests.Enqueue(new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, request.Url.Query, headers, body));
        var scripted = _script.TryDequeue(out var next) ? next : new Scripted(500, """{ "error": { "message": "no scripted response left" } }""", default, []);
        try
        {
            if (scripted.Delay > TimeSpan.Zero)
            {
                await Task.Delay(scripted.Delay, _stop.Token).ConfigureAwait(false);
            }

            var bytes = Encoding.UTF8.GetBytes(scripted.Body);
            context.Response.StatusCode = scripted.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in scripted.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client gave up (timeout test) or the server is stopping.
        }
    }

    private sealed record Scripted(int Status, string Body, TimeSpan Delay, (string Name, string Value)[] Headers);
}
