using System.Net;
using AgentFlow.Abstractions.Configuration;

namespace AgentFlow.Agents.Tools.Policy;

/// <summary>
/// The host's <c>tools.http.allowHosts</c> and the address rules of the connect-time check: which hosts a workflow's
/// <c>allowHosts</c> may name, and which resolved addresses a connection may go to.
/// </summary>
internal sealed class HttpHostCeiling
{
    private const string AnyHost = "*";
    private readonly IReadOnlyList<AllowedHost> _entries;

    private HttpHostCeiling(IReadOnlyList<string>? listed, IReadOnlyList<AllowedHost> entries, bool anyHost, bool strict)
    {
        Listed = listed;
        _entries = entries;
        AnyPublicHost = anyHost;
        Strict = strict;
    }

    /// <summary>The entries as configured, or null when the host sets no ceiling.</summary>
    public IReadOnlyList<string>? Listed { get; }

    /// <summary>The ceiling has <c>*</c>: every public host.</summary>
    public bool AnyPublicHost { get; }

    /// <summary>Strict mode: private and loopback addresses only when listed.</summary>
    public bool Strict { get; }

    /// <summary>Parses the configured entries.</summary>
    /// <exception cref="ConfigurationException">An entry is malformed; the message names it.</exception>
    public static HttpHostCeiling From(IReadOnlyList<string>? listed, bool strict)
    {
        var entries = new List<AllowedHost>();
        var any = false;
        for (var i = 0; i < (listed?.Count ?? 0); i++)
        {
            var text = listed![i]?.Trim() ?? string.Empty;
            if (text == AnyHost)
            {
                any = true;
            }
            else if (AllowedHost.TryParse(text, out var host, out var error))
            {
                entries.Add(host);
            }
            else
            {
                throw new ConfigurationException($"{ToolPolicyOptions.HttpAllowHostsSetting}[{i}]", error);
            }
        }

        return new HttpHostCeiling(listed, entries, any, strict);
    }

    /// <summary>True when the ceiling lets a request go to <paramref name="uri"/> (always, without a ceiling).</summary>
    public bool Allows(Uri uri) => Listed is null || _entries.Any(e => e.Allows(uri)) || (AnyPublicHost && !IsSpecialLiteral(uri.Host));

    /// <summary>Why the workflow's <c>allowHosts</c> entry <paramref name="entry"/> of tool <paramref name="tool"/> is refused, or null.</summary>
    public string? EntryRefusal(string tool, string text, AllowedHost entry)
    {
        // A port pinned on one side only still leaves calls both allow (the call-time check keeps to them); two different pins leave none.
        var listedByHost = _entries.Any(c => c.Host == entry.Host && (c.Port is null || entry.Port is null || c.Port == entry.Port));
        if (Listed is not null && !listedByHost && !(AnyPublicHost && !IsSpecialLiteral(entry.Host)))
        {
            return $"http tool '{tool}' allows {text}, which is beyond the host setting {ToolPolicyOptions.HttpAllowHostsSetting} ({ToolPolicy.Listed(Listed)})";
        }

        if (listedByHost || ScopeOfLiteral(entry.Host) is not { } scope || PermittedUnlisted(scope, literal: true))
        {
            return null;
        }

        var mode = Strict ? " in strict mode" : string.Empty;
        return $"http tool '{tool}' allows {text}, {AddressScopes.Describe(scope)}, which this host{mode} reaches only when the host setting {ToolPolicyOptions.HttpAllowHostsSetting} lists it";
    }

    /// <summary>
    /// Why a connection to <paramref name="host"/>:<paramref name="port"/> may not go to <paramref name="address"/> (one
    /// of the addresses it resolved to), or null when it may. Public addresses always may; others when the host's ceiling
    /// names the address or the host name, or (not strict) a private address, or a loopback address the workflow wrote
    /// literally (an IP address or <c>localhost</c>) — never one a name resolved to, which is what DNS rebinding does.
    /// </summary>
    public string? AddressRefusal(string host, int port, IPAddress address)
    {
        var scope = AddressScopes.Classify(address);
        if (scope == AddressScope.Public || _entries.Any(e => (string.Equals(e.Host, host, StringComparison.OrdinalIgnoreCase) || e.Host == Text(address)) && (e.Port is null || e.Port == port)))
        {
            return null;
        }

        if (PermittedUnlisted(scope, literal: IPAddress.TryParse(host, out _) || IsLocalhost(host)))
        {
            return null;
        }

        var mode = Strict ? " in strict mode" : string.Empty;
        return $"{host} resolves to {Text(address)}, {AddressScopes.Describe(scope)}, which this host{mode} connects to only when the host setting {ToolPolicyOptions.HttpAllowHostsSetting} lists it";
    }

    private bool PermittedUnlisted(AddressScope scope, bool literal) => !Strict && scope switch
    {
        AddressScope.Private => true,
        AddressScope.Loopback => literal,
        _ => false,
    };

    private static AddressScope? ScopeOfLiteral(string host)
    {
        if (IsLocalhost(host))
        {
            return AddressScope.Loopback;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && AddressScopes.Classify(address) is var scope && scope != AddressScope.Public ? scope : null;
    }

    private static bool IsSpecialLiteral(string host) => ScopeOfLiteral(host) is not null;

    private static bool IsLocalhost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static string Text(IPAddress address) => (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
