using AgentFlow.Engine.Approvals;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AgentFlow.Server.Auth;

/// <summary>
/// Checks a JWT bearer token against <see cref="JwtOperatorOptions"/> (signature, issuer, audience, lifetime with one
/// minute of clock skew) and finds the operator its claim names. The provider's metadata is fetched on first use and
/// refreshed by the configuration manager; nothing of a token is ever logged.
/// </summary>
internal sealed class JwtOperatorValidator
{
    private readonly JwtOperatorOptions? _options;
    private readonly OperatorStore _operators;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public JwtOperatorValidator(Microsoft.Extensions.Options.IOptions<ServerOptions> options, OperatorStore operators)
    {
        _options = options.Value.Jwt;
        _operators = operators;
        if (_options?.Authority is { } authority && _options.SigningKeys.Count == 0)
        {
            var address = new Uri(authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
            _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
                address.AbsoluteUri,
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = address.Scheme == Uri.UriSchemeHttps || !address.IsLoopback });
        }
    }

    /// <summary>Whether JWT sign-in is configured (<see cref="ServerOptions.Jwt"/>).</summary>
    public bool IsEnabled => _options is not null;

    /// <summary>The operator the token proves, or why it proves none (a sentence without the token).</summary>
    public async Task<(Operator? Operator, string? Failure)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (_options is null)
        {
            return (null, "the token is not valid (unknown, revoked or mistyped)");
        }

        var parameters = new TokenValidationParameters
        {
            ValidAudience = _options.Audience,
            ValidIssuer = _options.Issuer,
            IssuerSigningKeys = _options.SigningKeys,
            ClockSkew = TimeSpan.FromMinutes(1),
            NameClaimType = _options.OperatorClaim,
        };
        if (_metadata is not null)
        {
            OpenIdConnectConfiguration configuration;
            try
            {
                configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                return (null, $"the identity provider's metadata at {_options.Authority} cannot be read ({ex.GetType().Name}); ask the server's admin to check server.jwt.authority");
            }

            parameters.ValidIssuer = configuration.Issuer;
            parameters.IssuerSigningKeys = configuration.SigningKeys;
        }

        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, $"the JWT is not valid ({Reason(result.Exception)})");
        }

        var name = result.ClaimsIdentity.FindFirst(_options.OperatorClaim)?.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, $"the JWT has no '{_options.OperatorClaim}' claim (server.jwt.operatorClaim) to name an operator");
        }

        var op = await _operators.GetAsync(name, cancellationToken).ConfigureAwait(false);
        return op is null
            ? (null, $"the JWT names '{name}', who is not an operator here; an admin adds them with agentflow operators add {name} --role ROLE")
            : (op, null);
    }

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not valid yet",
        SecurityTokenInvalidAudienceException => "issued for another audience",
        SecurityTokenInvalidIssuerException => "issued by another issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "signature not made by the identity provider's keys",
        SecurityTokenMalformedException => "malformed",
        null => "rejected",
        _ => exception.GetType().Name,
    };
}
