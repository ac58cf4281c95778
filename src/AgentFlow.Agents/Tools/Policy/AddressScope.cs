namespace AgentFlow.Agents.Tools.Policy;

/// <summary>Where an IP address leads, as the http tool's connect-time check sees it.</summary>
internal enum AddressScope
{
    /// <summary>An address on the internet.</summary>
    Public,

    /// <summary>RFC 1918, carrier-grade NAT (100.64.0.0/10), IPv6 unique-local (fc00::/7) and site-local.</summary>
    Private,

    /// <summary>127.0.0.0/8 and ::1: this machine.</summary>
    Loopback,

    /// <summary>169.254.0.0/16 and fe80::/10.</summary>
    LinkLocal,

    /// <summary>Cloud instance metadata services: 169.254.169.254, fd00:ec2::254, 100.100.100.200.</summary>
    Metadata,

    /// <summary>0.0.0.0/8 and ::, which many stacks treat as this machine.</summary>
    Unspecified,

    /// <summary>Multicast, broadcast and reserved ranges.</summary>
    Reserved,
}
