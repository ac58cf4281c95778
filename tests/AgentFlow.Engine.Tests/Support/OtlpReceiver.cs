using System.Net;
using System.Net.Sockets;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>
/// An OTLP/HTTP collector on 127.0.0.1 for tests: it accepts <c>POST /v1/traces</c> and <c>POST /v1/metrics</c> with
/// <c>application/x-protobuf</c> bodies, decodes them (<see cref="OtlpDecoder"/>) and answers 200, like a collector.
/// Point a host at <see cref="Endpoint"/> in-process (<c>telemetry:otlpEndpoint</c>) or a child process
/// (<c>AGENTFLOW__TELEMETRY__OTLPENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Anything else it receives is a
/// <see cref="Problems"/> entry and a 4xx answer, so a test sees a wrong path or content type.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Lock _gate = new();
    private readonly List<OtlpSpan> _spans = [];
    private readonly List<(string ServiceName, string Metric)> _metrics = [];
    private readonly List<string> _problems = [];
    private readonly Task _loop;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpReceiver(HttpListener listener, int port)
    {
        _listener = listener;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The collector's base address (the exporter appends <c>v1/traces</c>, <c>v1/metrics</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Every (service name, metric name) received so far.</summary>
    public IReadOnlyList<(string ServiceName, string Metric)> Metrics
    {
        get
        {
            lock (_gate)
            {
                return [.. _metrics];
            }
        }
    }

    /// <summary>Requests it could not take (path, method, content type, undecodable body).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_gate)
            {
                return [.. _problems];
            }
        }
    }

    public static OtlpReceiver Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new OtlpReceiver(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Waits until the spans received satisfy <paramref name="done"/>; returns them. A request it could not take fails the wait.</summary>
    public async Task<IReadOnlyList<OtlpSpan>> WaitForSpansAsync(Func<IReadOnlyList<OtlpSpan>, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                ThrowOnProblems();
                if (done(_spans))
                {
                    return [.. _spans];
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until the metrics received satisfy <paramref name="done"/>; returns them. A request it could not take fails the wait.</summary>
    public async Task<IReadOnlyList<(string ServiceName, string Metric)>> WaitForMetricsAsync(Func<IReadOnlyList<(string ServiceName, string Metric)>, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                ThrowOnProblems();
                if (done(_metrics))
                {
                    return [.. _metrics];
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromMinutes(1));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener's disposal.
        }
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var status = 200;
        var path = request.Url?.AbsolutePath ?? string.Empty;
        var problem = request.HttpMethod != "POST" ? $"{request.HttpMethod} {path}: not POST"
            : request.ContentType?.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase) != true ? $"{path}: content type '{request.ContentType}'"
            : path is not ("/v1/traces" or "/v1/metrics") ? $"{path}: not an OTLP path"
            : null;
        lock (_gate)
        {
            try
            {
                if (problem is not null)
                {
                    _problems.Add(problem);
                    status = path is "/v1/traces" or "/v1/metrics" ? 415 : 404;
                }
                else if (path == "/v1/traces")
                {
                    _spans.AddRange(OtlpDecoder.Spans(body.GetBuffer().AsSpan(0, (int)body.Length)));
                }
                else
                {
                    _metrics.AddRange(OtlpDecoder.Metrics(body.GetBuffer().AsSpan(0, (int)body.Length)));
                }
            }
            catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
            {
                _problems.Add($"{path}: undecodable body: {ex.Message}");
                status = 400;
            }

            // Recorded before the answer: an exporter that flushed synchronously finds its data here when it returns.
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength64 = 0;
        context.Response.Close();
    }

    private void ThrowOnProblems()
    {
        if (_problems.Count > 0)
        {
            throw new InvalidOperationException("the OTLP receiver could not take a request: " + string.Join("; ", _problems));
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
