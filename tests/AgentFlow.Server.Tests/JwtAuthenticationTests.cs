using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using AgentFlow.Server.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentFlow.Server.Tests;

/// <summary>
/// JWT bearer tokens of an identity provider, mapped to operators by a claim: a key generated here plays the
/// provider. The operator store still decides the roles; a token for someone who is not an operator, expired, for
/// another audience or signed by another key is a 401 problem saying which.
/// </summary>
public sealed class JwtAuthenticationTests : IAsyncLifetime, IDisposable
{
    private const string Issuer = "https://idp.example.test/tenant/v2.0";
    private const string Audience = "api://agentflow";
    private readonly RSA _provider = RSA.Create(2048);
    private readonly RSA _stranger = RSA.Create(2048);
    private readonly ServerFixture _server;

    public JwtAuthenticationTests() => _server = new ServerFixture
    {
        Configure = o => o.Jwt = new JwtOperatorOptions { Issuer = Issuer, Audience = Audience, SigningKeys = [new RsaSecurityKey(_provider) { KeyId = "k1" }] },
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    public void Dispose()
    {
        _provider.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public async Task Jwt_OfAnOperator_ActsWithTheRolesOfTheOperatorStore()
    {
        using var bob = Client(Token("bob"));
        using var vera = Client(Token("vera"));

        using var runs = await bob.GetAsync("/api/runs");
        using var operators = await bob.GetAsync("/api/operators");
        using var viewerDecides = await vera.PostAsync("/api/runs/any-run/approvals/review", new StringContent("{\"approve\": true}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        await ServerApiTests.AssertProblemAsync(operators, 403, "operator 'bob', roles: finance");
        await ServerApiTests.AssertProblemAsync(viewerDecides, 403, "operator 'vera'");
    }

    [Fact]
    public async Task Jwt_ForSomeoneWhoIsNotAnOperator_Is401SayingSo()
    {
        using var client = Client(Token("mallory"));

        using var response = await client.GetAsync("/api/runs");

        await ServerApiTests.AssertProblemAsync(response, 401, "the JWT names 'mallory', who is not an operator here");
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("audience", "issued for another audience")]
    [InlineData("issuer", "issued by another issuer")]
    [InlineData("key", "signature not made by the identity provider's keys")]
    public async Task Jwt_NotValid_Is401NamingWhy(string flaw, string reason)
    {
        var token = flaw switch
        {
            "expired" => Token("bob", expires: DateTime.UtcNow.AddHours(-1)),
            "audience" => Token("bob", audience: "api://other"),
            "issuer" => Token("bob", issuer: "https://evil.example.test/"),
            _ => Token("bob", key: new RsaSecurityKey(_stranger) { KeyId = "k1" }),
        };
        using var client = Client(token);

        using var response = await client.GetAsync("/api/runs");

        await ServerApiTests.AssertProblemAsync(response, 401, $"the JWT is not valid ({reason})");
        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorTokens_StillWork_WithJwtOn()
    {
        using var client = _server.Client("bob");

        using var response = await client.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient Client(string token)
    {
        var client = _server.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string Token(string user, DateTime? expires = null, string audience = Audience, string issuer = Issuer, SecurityKey? key = null)
    {
        var end = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("preferred_username", user)]),
            NotBefore = end.AddHours(-2),
            IssuedAt = end.AddHours(-2),
            Expires = end,
            SigningCredentials = new SigningCredentials(key ?? new RsaSecurityKey(_provider) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });
    }
}
