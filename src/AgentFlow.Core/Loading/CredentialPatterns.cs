using System.Text.RegularExpressions;

namespace AgentFlow.Core.Loading;

/// <summary>Shapes of well-known credentials, and names that say a value is a secret.</summary>
internal static partial class CredentialPatterns
{
    private static readonly (Func<Regex> Pattern, string What)[] Shapes =
    [
        (SecretKey, "an sk-… API key"),
        (AwsAccessKeyId, "an AWS access key id"),
        (GoogleApiKey, "a Google API key"),
        (GitHubToken, "a GitHub token"),
        (SlackToken, "a Slack token"),
        (BearerToken, "a bearer token"),
        (PrivateKey, "a PEM private key"),
    ];

    // Words that make an identifier a secret's name, alone or in compounds (smtpPassword, api_key, GITHUB_TOKEN).
    private static readonly HashSet<string> SecretWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "passphrase", "secret", "token", "apikey", "credential", "credentials",
    };

    private static readonly HashSet<string> KeyQualifiers = new(StringComparer.OrdinalIgnoreCase) { "api", "access", "private", "secret", "signing" };

    /// <summary>What kind of credential <paramref name="text"/> contains (for the message, never the value), or null.</summary>
    public static string? Find(string text)
    {
        foreach (var (pattern, what) in Shapes)
        {
            if (pattern().IsMatch(text))
            {
                return what;
            }
        }

        foreach (Match match in UrlUserInfo().Matches(text))
        {
            if (!IsPlaceholder(match.Groups["password"].Value))
            {
                return "a password in a URL (user:password@host)";
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="name"/> names a secret: one of its words (split at case changes, <c>_</c> and <c>-</c>)
    /// is password, passwd, passphrase, secret, token, apikey or credential(s), or it has api/access/private key.
    /// Plural <c>tokens</c> (a count, as in maxTokens) does not count.
    /// </summary>
    public static bool IsSecretName(string name)
    {
        var words = Words().Matches(name).Select(m => m.Value).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            if (SecretWords.Contains(words[i])
                || (i > 0 && string.Equals(words[i], "key", StringComparison.OrdinalIgnoreCase) && KeyQualifiers.Contains(words[i - 1])))
            {
                return true;
            }
        }

        return false;
    }

    // ${NAME}, $NAME and %NAME% stand for a value filled in elsewhere; ***** hides one.
    private static bool IsPlaceholder(string password) => Placeholder().IsMatch(password);

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"\bAKIA[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{30,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abpr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9._~+/=-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    // scheme://[user]:password@ — the password is what follows the first ':' of the userinfo, up to '@'.
    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@:{}]*:(?<password>[^\s/?#@{}]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[A-Za-z_][A-Za-z0-9_]*%|\*+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    // Words of an identifier: runs of capitals before a capitalised word (API in APIKey), capitalised or lower words, digits.
    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
