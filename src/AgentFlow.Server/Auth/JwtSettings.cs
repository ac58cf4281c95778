using AgentFlow.Abstractions.Configuration;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Server.Auth;

/// <summary>Reads <see cref="JwtOperatorOptions"/> from the <c>server.jwt</c> settings, and checks them.</summary>
internal static class JwtSettings
{
    /// <summary>The options of <paramref name="section"/> (<c>server:jwt</c>), or null when it sets no authority.</summary>
    /// <exception cref="ConfigurationException">A value cannot be used; the message names the setting.</exception>
    public static JwtOperatorOptions? Bind(IConfigurationSection section)
    {
        if (section["authority"] is not { Length: > 0 } authority)
        {
            return null;
        }

        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new ConfigurationException("server.jwt.authority", $"'{authority}' is not an https URL of an OpenID Connect provider (e.g. https://login.microsoftonline.com/TENANT/v2.0)");
        }

        if (section["audience"] is not { Length: > 0 } audience)
        {
            throw new ConfigurationException("server.jwt.audience", "is missing; give the audience the provider issues this API's tokens for (its application id or URI)");
        }

        return new JwtOperatorOptions
        {
            Authority = uri,
            Audience = audience,
            OperatorClaim = section["operatorClaim"] is { Length: > 0 } claim ? claim : new JwtOperatorOptions().OperatorClaim,
        };
    }
}
