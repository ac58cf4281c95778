using System.Collections.Concurrent;
using System.Net.Sockets;

namespace AgentFlow.Agents.Llm;

/// <summary>
/// The pre-run reachability check: a TCP connection to an endpoint's host and port within a short time limit. Results
/// are kept per host:port for a while, so a workflow with many <c>llm</c> (or <c>email</c>) nodes probes each endpoint once.
/// </summary>
internal sealed class EndpointProbe(TimeSpan connectTimeout, TimeSpan cacheDuration)
{
    private readonly ConcurrentDictionary<string, (string? Problem, long CheckedAt)> _results = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Why <paramref name="endpoint"/> cannot be reached, with a hint (e.g. <c>cannot connect to 127.0.0.1:9 (connection
    /// refused); is the server running?</c>), or <see langword="null"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (nothing is remembered).</exception>
    public async Task<string?> ProblemAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        // Through a proxy the direct connection says nothing about whether requests will get through.
        if (UsesProxy(endpoint))
        {
            return null;
        }

        return await ProblemAsync(endpoint.IdnHost, endpoint.Port, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why <paramref name="host"/>:<paramref name="port"/> cannot be reached over TCP (e.g. an SMTP server), or <see langword="null"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (nothing is remembered).</exception>
    public async Task<string?> ProblemAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        var target = $"{host}:{port}";
        var now = Environment.TickCount64;
        if (_results.TryGetValue(target, out var cached) && now - cached.CheckedAt < cacheDuration.TotalMilliseconds)
        {
            return cached.Problem;
        }

        var problem = await ConnectAsync(host, port, target, cancellationToken).ConfigureAwait(false);
        _results[target] = (problem, now);
        return problem;
    }

    private async Task<string?> ConnectAsync(string host, int port, string target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"cannot connect to {target} (no answer within {connectTimeout.TotalSeconds:0.#} s); is the server running?";
        }
        catch (SocketException ex)
        {
            var reason = ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused); is the server running?",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found); check the host name",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable); check the address and network",
                SocketError.TimedOut => "timed out); is the server running?",
                _ => $"{ex.Message})",
            };
            return $"cannot connect to {target} ({reason}";
        }
    }

    private static bool UsesProxy(Uri endpoint)
    {
        var proxy = HttpClient.DefaultProxy;
        return !proxy.IsBypassed(endpoint) && proxy.GetProxy(endpoint) is { } via && via != endpoint;
    }
}
