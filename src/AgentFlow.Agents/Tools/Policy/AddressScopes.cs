using System.Net;
using System.Net.Sockets;

namespace AgentFlow.Agents.Tools.Policy;

/// <summary>Classifies IP addresses, looking through the IPv6 forms that embed an IPv4 address.</summary>
internal static class AddressScopes
{
    private static readonly IPAddress Ec2Metadata = IPAddress.Parse("fd00:ec2::254");

    /// <summary>The scope of <paramref name="address"/>.</summary>
    public static AddressScope Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyV4(address.GetAddressBytes());
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return ClassifyV4(address.MapToIPv4().GetAddressBytes());
        }

        var bytes = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any))
        {
            return AddressScope.Unspecified;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressScope.Loopback;
        }

        if (address.Equals(Ec2Metadata))
        {
            return AddressScope.Metadata;
        }

        // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses can lead to the IPv4 address inside.
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(bytes.AsSpan(12));
        }

        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(bytes.AsSpan(12));
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return ClassifyV4(bytes.AsSpan(2, 4));
        }

        return address switch
        {
            { IsIPv6LinkLocal: true } => AddressScope.LinkLocal,
            { IsIPv6UniqueLocal: true } or { IsIPv6SiteLocal: true } => AddressScope.Private,
            { IsIPv6Multicast: true } => AddressScope.Reserved,
            _ => AddressScope.Public,
        };
    }

    /// <summary>How messages name a scope: "a loopback address".</summary>
    public static string Describe(AddressScope scope) => scope switch
    {
        AddressScope.Private => "a private address",
        AddressScope.Loopback => "a loopback address (this machine)",
        AddressScope.LinkLocal => "a link-local address",
        AddressScope.Metadata => "a cloud metadata address",
        AddressScope.Unspecified => "an unspecified address (this machine)",
        AddressScope.Reserved => "a multicast or reserved address",
        _ => "a public address",
    };

    private static AddressScope ClassifyV4(ReadOnlySpan<byte> b) => b switch
    {
        [0, ..] => AddressScope.Unspecified,
        [127, ..] => AddressScope.Loopback,
        [169, 254, 169, 254] or [100, 100, 100, 200] => AddressScope.Metadata,
        [169, 254, ..] => AddressScope.LinkLocal,
        [10, ..] or [192, 168, ..] => AddressScope.Private,
        [172, >= 16 and <= 31, ..] or [100, >= 64 and <= 127, ..] => AddressScope.Private,
        [>= 224, ..] => AddressScope.Reserved,
        _ => AddressScope.Public,
    };
}
