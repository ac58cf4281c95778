using System.Globalization;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// One <c>allowHosts</c> entry of an <c>http</c> tool: a host name or IP address, optionally pinned to one port
/// (<c>api.example.com</c>, <c>localhost:8080</c>, <c>[::1]:8080</c>). Without a port every port of the host is allowed.
/// </summary>
internal readonly record struct AllowedHost(string Host, int? Port)
{
    /// <summary>Parses an entry; on failure <paramref name="error"/> says what is wrong with it and how to write it.</summary>
    public static bool TryParse(string entry, out AllowedHost host, out string error)
    {
        host = default;
        error = string.Empty;
        var text = entry.Trim();
        string name;
        string? port = null;
        if (text.Contains("://", StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal))
        {
            error = $"'{entry}' is not a host; write only the host name, optionally with a port (api.example.com, localhost:8080)";
            return false;
        }

        if (text.StartsWith('['))
        {
            // [IPv6] or [IPv6]:port
            var close = text.IndexOf(']', StringComparison.Ordinal);
            var rest = close < 0 ? "?" : text[(close + 1)..];
            if (close < 0 || (rest.Length > 0 && !rest.StartsWith(':')))
            {
                error = $"'{entry}' is not a valid IPv6 entry; write it in brackets, optionally with a port ([::1] or [::1]:8080)";
                return false;
            }

            name = text[1..close];
            port = rest.Length > 0 ? rest[1..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            (name, port) = (text[..colon], text[(colon + 1)..]);
        }
        else
        {
            // A name, an IPv4 address, or an IPv6 address without brackets (which cannot carry a port).
            name = text;
        }

        if (name.Length == 0)
        {
            error = $"'{entry}' names no host; write host or host:port (api.example.com, localhost:8080, [::1]:8080)";
            return false;
        }

        int? number = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
            {
                error = $"'{entry}' has port '{port}', which is not a port number; use host:port with a port from 1 to 65535 (localhost:8080, [::1]:8080), or the host alone for any port";
                return false;
            }

            number = value;
        }

        host = new AllowedHost(name.ToLowerInvariant(), number);
        return true;
    }

    /// <summary>True when <paramref name="uri"/>'s host is this host (ignoring case and IPv6 brackets).</summary>
    public bool MatchesHost(Uri uri) =>
        string.Equals(Host, uri.IdnHost.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
        || string.Equals(Host, uri.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="uri"/>'s host is this host and, if a port is pinned, its port (default ports included) is that port.</summary>
    public bool Allows(Uri uri) => MatchesHost(uri) && (Port is null || Port == uri.Port);
}
