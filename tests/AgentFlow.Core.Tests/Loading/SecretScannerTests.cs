using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Tests.Loading;

/// <summary>AF402: literal credentials in a workflow file, reported at their JSON path without echoing them.</summary>
public sealed class SecretScannerTests
{
    private const string Inputs = "\"inputs\": { \"user\": { \"type\": \"string\" }, \"pass\": { \"type\": \"string\" }, \"token\": { \"type\": \"string\" } }";

    [Theory]
    [InlineData("https://bot:hunter2@api.example.com/v1/status")]
    [InlineData("postgres://:s3cret-pw@db.internal:5432/orders")]
    [InlineData("see ftp://deploy:Tr0ub4dor@files.example.com for the files")]
    public void Validate_PasswordInUrlUserInfo_ReportsSecretAtTheValue(string url)
    {
        var error = SingleSecret(ArgsWith(url));

        Assert.Equal("$.nodes.a.args.url", error.JsonPath);
        Assert.Equal(6, error.Location.Line);
        Assert.Contains("password in a URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain(url.Split('@')[0].Split(':')[^1], error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://bot@api.example.com/v1/status")]
    [InlineData("https://{{ inputs.user }}:{{ inputs.pass }}@api.example.com/")]
    [InlineData("https://bot:${API_PASSWORD}@api.example.com/")]
    [InlineData("https://bot:*****@api.example.com/")]
    [InlineData("https://api.example.com:8443/users/@me")]
    [InlineData("ssh://git@github.com:22/org/repo.git")]
    public void Validate_UrlWithoutLiteralPassword_IsNotASecret(string url)
    {
        Assert.Empty(Validate.Json(ArgsWith(url, Inputs)));
    }

    [Theory]
    [InlineData("{{ 'sk-abcdefghij' | append: 'klmnopqrstuvwxyz' }}")]
    [InlineData("Bearer {{ 'abc123def456ghi789jkl012' }}")]
    [InlineData("{{ '0123456789abcdefghij0123456789abcdef' | prepend: 'ghp_' }}")]
    [InlineData("{{ 'AKIAFAKE' | append: 'FAKEFAKE0000' }}")]
    [InlineData("https://bot:{{ 'hunter2' }}@api.example.com/")]
    public void Validate_CredentialSpelledFromConstantsInMarkup_ReportsSecret(string template)
    {
        var error = SingleSecret(ArgsWith(template));

        Assert.Equal("$.nodes.a.args.url", error.JsonPath);
        Assert.Contains("from constants", error.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer {{ inputs.token }}")]
    [InlineData("{{ inputs.token | default: 'none given' }}")]
    [InlineData("{{ 'sk-' }}{{ inputs.token }}abcdefghijklmnopqrstuvwxyz")]
    [InlineData("Bearer {% if inputs.token %}{{ inputs.token }}{% else %}anonymous{% endif %}")]
    [InlineData("{{ 1 | divided_by: 0 }} and {{ 'x' | date: '%Q' }}")]
    [InlineData("{{ 'abc' | unknown_filter }}")]
    public void Validate_TemplateMixingConstantsAndState_IsNotASecret(string template)
    {
        Assert.Empty(Validate.Json(ArgsWith(template, Inputs)));
    }

    [Theory]
    [InlineData("AIzaSyFAKEFAKEFAKEFAKEFAKEFAKEFAKE12345", "Google API key")]
    [InlineData("ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234", "GitHub token")]
    [InlineData("gho_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234", "GitHub token")]
    [InlineData("ghs_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234", "GitHub token")]
    [InlineData("github_pat_11FAKEFAKE0FAKEFAKEFAKE_FAKEFAKEFAKEFAKEFAKE", "GitHub token")]
    [InlineData("xoxb-1234567890-FAKEFAKEFAKE", "Slack token")]
    [InlineData("xoxp-1234567890-FAKEFAKEFAKE", "Slack token")]
    [InlineData("AKIAFAKEFAKEFAKE0000", "AWS access key id")]
    public void Validate_WellKnownKeyFormat_ReportsSecretNamingTheKind(string key, string kind)
    {
        var error = SingleSecret(ArgsWith($"key={key}"));

        Assert.Equal("$.nodes.a.args.url", error.JsonPath);
        Assert.Contains(kind, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AIzaSyTOOSHORT")]
    [InlineData("AKIAlowercase00000000")]
    [InlineData("ghp_short")]
    public void Validate_KeyPrefixWithoutTheFormat_IsNotASecret(string text)
    {
        Assert.Empty(Validate.Json(ArgsWith(text)));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("smtpPassword")]
    [InlineData("api_key")]
    [InlineData("APIKey")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("clientSecret")]
    [InlineData("Token")]
    public void Validate_SecretNamedInputWithDefault_ReportsSecretAtTheDefault(string name)
    {
        var json = Validate.Workflow(
            """{ "a": { "kind": "end" } }""",
            extra: $$"""
            "inputs": {
              "{{name}}": { "type": "string", "default": "hunter2" }
            }
            """);

        var error = SingleSecret(json);

        Assert.Equal($"$.inputs.{name}.default", error.JsonPath);
        Assert.Equal(4, error.Location.Line);
        Assert.Contains($"input '{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxTokens", "\"500\"")]
    [InlineData("keyword", "\"refund\"")]
    [InlineData("password", "\"\"")]
    [InlineData("tokenLimit", "500")]
    public void Validate_InputDefaultThatIsNoSecret_IsAccepted(string name, string value)
    {
        var type = value.StartsWith('"') ? "string" : "integer";
        var json = Validate.Workflow("""{ "a": { "kind": "end" } }""", extra: $$"""
            "inputs": { "{{name}}": { "type": "{{type}}", "default": {{value}} } }
            """);

        Assert.Empty(Validate.Json(json));
    }

    [Fact]
    public void Validate_SecretNamedInputWithoutDefault_IsAccepted()
    {
        var json = Validate.Workflow("""{ "a": { "kind": "end" } }""", extra: "\"inputs\": { \"smtpPassword\": { \"type\": \"string\" } }");

        Assert.Empty(Validate.Json(json));
    }

    /// <summary>A workflow whose node <c>a</c> passes <paramref name="value"/> as arg <c>url</c> (line 6 of the JSON).</summary>
    private static string ArgsWith(string value, string extra = "") =>
        $$"""
        {
          "name": "t",
          "tools": { "lookup": { "kind": "code", "risk": "low" } },
          "start": "a",
          "nodes": { "a": { "kind": "tool", "tool": "lookup", "args": {
            "url": {{System.Text.Json.JsonSerializer.Serialize(value)}}
          } } }{{(extra.Length > 0 ? ",\n  " + extra : string.Empty)}}
        }
        """;

    private static Diagnostic SingleSecret(string json)
    {
        var diagnostics = Validate.Json(json);
        Assert.True(diagnostics.Count == 1, "expected one AF402; got:\n" + string.Join("\n", diagnostics));
        var error = diagnostics[0];
        Assert.Equal(DiagnosticCodes.SecretInWorkflow, error.Code);
        return error;
    }
}
