using System.Security.Cryptography;
using System.Text;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Triggers.Webhooks;

namespace AgentFlow.Triggers.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "s3cret-for-tests";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"order\":42}");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static WebhookTrigger Trigger(bool requireTimestamp = true) => new()
    {
        Name = "orders",
        JsonPath = "$.triggers.orders",
        SecretEnv = "ORDERS_SECRET",
        RequireTimestamp = requireTimestamp,
    };

    [Fact]
    public void Sign_OverBodyAlone_MatchesGitHubsFormat()
    {
        // GitHub: "sha256=" + hex(HMAC-SHA256(secret, raw body)).
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));

        Assert.Equal(expected, WebhookSignature.Sign(Secret, Body, timestamp: null));
    }

    [Fact]
    public void Check_SignedWithFreshTimestamp_IsValidAndNamesTheDelivery()
    {
        var ts = Now.ToUnixTimeSeconds() - 30;
        var signature = WebhookSignature.Sign(Secret, Body, ts);

        var check = WebhookSignature.Check(Trigger(), Secret, signature, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), Body, Now);

        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(signature["sha256=".Length..], check.Signature);
    }

    [Fact]
    public void Check_TimestampOutsideTolerance_IsRefusedAsReplay()
    {
        var ts = Now.ToUnixTimeSeconds() - 301;
        var signature = WebhookSignature.Sign(Secret, Body, ts);

        var check = WebhookSignature.Check(Trigger(), Secret, signature, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), Body, Now);

        Assert.False(check.IsValid);
        Assert.Contains("301 s behind", check.Problem, StringComparison.Ordinal);
        Assert.Contains("replayed", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TimestampChangedAfterSigning_IsRefused()
    {
        var ts = Now.ToUnixTimeSeconds() - 1000;
        var signature = WebhookSignature.Sign(Secret, Body, ts);

        // A replayer moves the timestamp into the window but cannot re-sign.
        var check = WebhookSignature.Check(Trigger(), Secret, signature, Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Body, Now);

        Assert.False(check.IsValid);
        Assert.Contains("does not match the body and timestamp", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BodyChanged_IsRefused()
    {
        var ts = Now.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(Secret, Body, ts);

        var check = WebhookSignature.Check(Trigger(), Secret, signature, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes("{\"order\":43}"), Now);

        Assert.False(check.IsValid);
    }

    [Fact]
    public void Check_WithoutTimestamp_RefusedUnlessTheTriggerAllowsIt()
    {
        var signature = WebhookSignature.Sign(Secret, Body, timestamp: null);

        var strict = WebhookSignature.Check(Trigger(), Secret, signature, null, Body, Now);
        var github = WebhookSignature.Check(Trigger(requireTimestamp: false), Secret, signature, null, Body, Now);

        Assert.Contains("no X-Signature-Timestamp header", strict.Problem, StringComparison.Ordinal);
        Assert.True(github.IsValid, github.Problem);
    }

    [Theory]
    [InlineData(null, "no X-Hub-Signature-256 header")]
    [InlineData("md5=abc", "64 hex digits")]
    [InlineData("sha256=zz", "64 hex digits")]
    public void Check_MalformedSignatureHeader_SaysWhatToSend(string? header, string expected)
    {
        var check = WebhookSignature.Check(Trigger(requireTimestamp: false), Secret, header, null, Body, Now);

        Assert.Contains(expected, check.Problem, StringComparison.Ordinal);
        Assert.False(check.Misconfigured);
    }

    [Fact]
    public void Check_WrongSecret_IsRefused()
    {
        var signature = WebhookSignature.Sign("another-secret", Body, timestamp: null);

        Assert.False(WebhookSignature.Check(Trigger(requireTimestamp: false), Secret, signature, null, Body, Now).IsValid);
    }

    [Fact]
    public void Check_NoSecretOnTheServer_IsTheServersFault()
    {
        var check = WebhookSignature.Check(Trigger(), secret: null, "sha256=" + new string('0', 64), null, Body, Now);

        Assert.True(check.Misconfigured);
        Assert.Contains("ORDERS_SECRET", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TimestampNotANumber_IsRefused()
    {
        var signature = WebhookSignature.Sign(Secret, Body, timestamp: null);

        var check = WebhookSignature.Check(Trigger(), Secret, signature, "yesterday", Body, Now);

        Assert.Contains("Unix time in seconds", check.Problem, StringComparison.Ordinal);
    }
}
