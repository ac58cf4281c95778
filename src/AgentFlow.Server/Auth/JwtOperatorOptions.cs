using Microsoft.IdentityModel.Tokens;

namespace AgentFlow.Server.Auth;

/// <summary>
/// Optional sign-in with JWT bearer tokens of an OpenID Connect provider (e.g. Entra ID), mapped to AgentFlow operators
/// by a claim: the operator (and its roles) must exist in the operator store; the provider proves who the caller is,
/// AgentFlow's store says what they may do. Settings <c>server.jwt.authority</c>, <c>server.jwt.audience</c> and
/// <c>server.jwt.operatorClaim</c>.
/// </summary>
public sealed class JwtOperatorOptions
{
    /// <summary>The issuer's URL; its <c>/.well-known/openid-configuration</c> gives the issuer name and signing keys.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The audience the tokens must be issued for (this API's application id or URI). Required.</summary>
    public string Audience { get; set; } = string.Empty;

    /// <summary>The claim whose value is the operator's name. Default <c>preferred_username</c>.</summary>
    public string OperatorClaim { get; set; } = "preferred_username";

    /// <summary>The issuer and keys to trust without asking <see cref="Authority"/> (a provider known offline, and tests).</summary>
    public string? Issuer { get; set; }

    /// <summary>The signing keys that go with <see cref="Issuer"/>.</summary>
    public IReadOnlyList<SecurityKey> SigningKeys { get; set; } = [];
}
