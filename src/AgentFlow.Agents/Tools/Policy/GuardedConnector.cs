using System.Net;
using System.Net.Sockets;

namespace AgentFlow.Agents.Tools.Policy;

/// <summary>
/// The http tool's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host once, checks every address it
/// resolved to against <see cref="HttpHostCeiling.AddressRefusal"/>, and connects only to those checked addresses, so
/// a name cannot be re-pointed (DNS rebinding) between the check and the connection. Each redirect that opens a new
/// connection passes through here again.
/// </summary>
internal sealed class GuardedConnector(HttpHostCeiling ceiling, Func<string, CancellationToken, Task<IPAddress[]>>? resolve)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>Opens the connection for <paramref name="context"/>.</summary>
    /// <exception cref="AddressRefusedException">An address the host resolves to is not allowed; nothing was connected.</exception>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await _resolve(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new AddressRefusedException($"{host} resolves to no address");
        }

        // One refused address refuses the host: a name that answers with a mix is the shape of a rebinding attack.
        foreach (var address in addresses)
        {
            if (ceiling.AddressRefusal(host, port, address) is { } refusal)
            {
                throw new AddressRefusedException(refusal);
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
