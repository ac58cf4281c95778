using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AgentFlow.Core.Model.Triggers;

namespace AgentFlow.Triggers.Webhooks;

/// <summary>
/// Signs and checks webhook calls: <c>sha256=HEX</c> of HMAC-SHA256 under the trigger's secret, over
/// <c>TIMESTAMP.BODY</c> when the call carries the timestamp header (Unix seconds, within the trigger's tolerance), or
/// over the body alone (GitHub's format) when the trigger allows calls without a timestamp.
/// </summary>
public static class WebhookSignature
{
    private const string Prefix = "sha256=";

    /// <summary>The header value a sender puts in the signature header for <paramref name="body"/>.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="body">The raw request body.</param>
    /// <param name="timestamp">Unix seconds sent in the timestamp header, or null to sign the body alone.</param>
    public static string Sign(string secret, ReadOnlySpan<byte> body, long? timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(Mac(secret, body, timestamp));
    }

    /// <summary>Checks a call's signature and timestamp against <paramref name="trigger"/>.</summary>
    /// <param name="trigger">The webhook trigger called.</param>
    /// <param name="secret">The secret read from <see cref="WebhookTrigger.SecretEnv"/> (null when unset).</param>
    /// <param name="signatureHeader">The value of the signature header, if sent.</param>
    /// <param name="timestampHeader">The value of the timestamp header, if sent.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="now">The server's clock.</param>
    public static WebhookCheck Check(
        WebhookTrigger trigger, string? secret, string? signatureHeader, string? timestampHeader, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (string.IsNullOrEmpty(secret))
        {
            return new WebhookCheck(null, $"this server has no secret for the webhook: set the environment variable {trigger.SecretEnv}", Misconfigured: true);
        }

        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return Refused($"the call has no {trigger.SignatureHeader} header; send \"sha256=\" and the hex HMAC-SHA256 of the body under the shared secret");
        }

        var sent = signatureHeader.Trim();
        if (!sent.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || sent.Length != Prefix.Length + 64 || !IsHex(sent.AsSpan(Prefix.Length)))
        {
            return Refused($"{trigger.SignatureHeader} must be \"sha256=\" followed by 64 hex digits");
        }

        long? timestamp = null;
        if (!string.IsNullOrWhiteSpace(timestampHeader))
        {
            if (!long.TryParse(timestampHeader.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return Refused($"{trigger.TimestampHeader} must be the Unix time in seconds");
            }

            var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
            if (age.Duration() > trigger.Tolerance)
            {
                return Refused($"{trigger.TimestampHeader} is {FormatAge(age)} from this server's clock, more than the {trigger.Tolerance.TotalSeconds:0} s allowed (a replayed call, or a clock to fix)");
            }

            timestamp = seconds;
        }
        else if (trigger.RequireTimestamp)
        {
            return Refused($"the call has no {trigger.TimestampHeader} header; send the Unix time in seconds and sign \"TIMESTAMP.BODY\"");
        }

        var expected = Mac(secret, body, timestamp);
        var given = Convert.FromHexString(sent.AsSpan(Prefix.Length));
        return CryptographicOperations.FixedTimeEquals(expected, given)
            ? new WebhookCheck(Convert.ToHexStringLower(given), null)
            : Refused($"the signature in {trigger.SignatureHeader} does not match the body{(timestamp is null ? string.Empty : " and timestamp")}; check the shared secret and sign the raw body as sent");
    }

    private static WebhookCheck Refused(string problem) => new(null, problem);

    private static byte[] Mac(string secret, ReadOnlySpan<byte> body, long? timestamp)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        if (timestamp is { } t)
        {
            hmac.AppendData(Encoding.ASCII.GetBytes(t.ToString(CultureInfo.InvariantCulture) + "."));
        }

        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string FormatAge(TimeSpan age) =>
        age < TimeSpan.Zero ? $"{(-age).TotalSeconds:0} s ahead" : $"{age.TotalSeconds:0} s behind";
}
