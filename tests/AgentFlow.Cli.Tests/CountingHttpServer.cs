using System.Net;
using System.Net.Sockets;

namespace AgentFlow.Cli.Tests;

/// <summary>An HTTP server on 127.0.0.1 that answers every request with <c>{"ok":true}</c> and counts them.</summary>
public sealed class CountingHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _count;

    public CountingHttpServer()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Requests answered so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public void Dispose()
    {
        _listener.Close();
        _ = _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task AcceptAsync()
    {
        while (true)
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

            Interlocked.Increment(ref _count);
            var body = """{"ok":true}"""u8.ToArray();
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            context.Response.Close();
        }
    }
}
