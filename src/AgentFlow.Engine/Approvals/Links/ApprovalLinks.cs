using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentFlow.Engine.Approvals.Links;

/// <summary>
/// Issues and checks approval links. A token is <c>base64url(payload).base64url(mac)</c>: the payload is the JSON array
/// <c>["v1", run, node path, operator, expiry (Unix seconds), nonce]</c> and the MAC is HMAC-SHA256 over the payload's
/// bytes, under a key derived (HKDF-SHA256, label <see cref="KeyLabel"/>) from the audit key, so the link key lives
/// where the audit key lives (outside the data directory) and cannot be used to forge audit records or vice versa.
/// Whether a link was used is not in the token: see <see cref="UsedLinkStore"/>.
/// </summary>
public sealed class ApprovalLinks
{
    /// <summary>The service key of the <see cref="TimeProvider"/> links are issued and checked with (tests replace it).</summary>
    public const string ClockKey = "agentflow.approval-links";

    /// <summary>The HKDF label that separates the link key from the audit key.</summary>
    public const string KeyLabel = "agentflow approval links v1";

    /// <summary>The path under <see cref="ApprovalLinkOptions.PublicUrl"/> that the server serves approval pages at.</summary>
    public const string PathPrefix = "approve/";

    private const string Version = "v1";
    private const int NonceBytes = 16;

    private readonly string _dataDirectory;
    private readonly AuditLogOptions _auditOptions;
    private readonly ApprovalLinkOptions _options;
    private readonly IAuditStorage? _auditStorage;
    private readonly TimeProvider _time;
    private byte[]? _key;

    /// <summary>Creates the issuer and checker for the audit key of <paramref name="dataDirectory"/>'s log.</summary>
    /// <param name="dataDirectory">The data directory (where the audit key must not be).</param>
    /// <param name="auditOptions">Where the audit key is.</param>
    /// <param name="options">Link settings.</param>
    /// <param name="time">The links' clock; the system clock when null.</param>
    /// <param name="auditStorage">
    /// The audit log's storage, to tell a fresh log (whose missing key may be created) from an existing one; the
    /// data directory's audit files when null.
    /// </param>
    public ApprovalLinks(string dataDirectory, AuditLogOptions auditOptions, ApprovalLinkOptions options, TimeProvider? time = null, IAuditStorage? auditStorage = null)
    {
        _auditStorage = auditStorage;
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _dataDirectory = dataDirectory;
        _auditOptions = auditOptions ?? throw new ArgumentNullException(nameof(auditOptions));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The settings links are made with.</summary>
    public ApprovalLinkOptions Options => _options;

    /// <summary>Now, by the links' clock.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// A link for <paramref name="operatorName"/> to decide <paramref name="node"/> of <paramref name="runId"/>, valid for
    /// <see cref="ApprovalLinkOptions.Lifetime"/> or until <paramref name="until"/> when that is sooner; null when no
    /// <see cref="ApprovalLinkOptions.PublicUrl"/> is set (then nobody could open it).
    /// </summary>
    public async Task<Uri?> CreateAsync(string runId, string node, string operatorName, DateTime? until, CancellationToken cancellationToken = default)
    {
        if (_options.PublicUrl is not { } baseUrl)
        {
            return null;
        }

        var expires = _time.GetUtcNow() + _options.Lifetime;
        if (until is { } deadline && new DateTimeOffset(DateTime.SpecifyKind(deadline, DateTimeKind.Utc)) < expires)
        {
            expires = new DateTimeOffset(DateTime.SpecifyKind(deadline, DateTimeKind.Utc));
        }

        var token = await IssueAsync(runId, node, operatorName, expires, cancellationToken).ConfigureAwait(false);
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        return new Uri(root, PathPrefix + token);
    }

    /// <summary>A token for exactly these values (a fresh nonce each time).</summary>
    public async Task<string> IssueAsync(string runId, string node, string operatorName, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentException.ThrowIfNullOrEmpty(operatorName);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceBytes));
        var payload = JsonSerializer.SerializeToUtf8Bytes(new[] { Version, runId, node, operatorName, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), nonce });
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payload));
    }

    /// <summary>Checks <paramref name="token"/>: its MAC first (constant time), then its expiry; nothing is read from a forged token.</summary>
    public async Task<ApprovalLinkCheck> CheckAsync(string? token, CancellationToken cancellationToken = default)
    {
        var fingerprint = Fingerprint(token);
        var forged = new ApprovalLinkCheck(ApprovalLinkStatus.Forged, null, fingerprint);
        if (token is null || token.Length > 4096 || token.Split('.') is not [var encodedPayload, var encodedMac])
        {
            return forged;
        }

        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(encodedPayload);
            mac = Base64Url.DecodeFromChars(encodedMac);
        }
        catch (FormatException)
        {
            return forged;
        }

        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac))
        {
            return forged;
        }

        string[]? fields;
        try
        {
            fields = JsonSerializer.Deserialize<string[]>(payload);
        }
        catch (JsonException)
        {
            fields = null;
        }

        if (fields is not [Version, { Length: > 0 } run, { Length: > 0 } node, { Length: > 0 } op, var expiry, { Length: > 0 } nonce]
            || !long.TryParse(expiry, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return forged;
        }

        var link = new ApprovalLink(run, node, op, DateTimeOffset.FromUnixTimeSeconds(seconds), nonce);
        return new ApprovalLinkCheck(_time.GetUtcNow() >= link.ExpiresAt ? ApprovalLinkStatus.Expired : ApprovalLinkStatus.Valid, link, fingerprint);
    }

    /// <summary>
    /// The anti-forgery value a rendered approval page puts into its form: a MAC of the token and the page's own
    /// <paramref name="pageNonce"/>, so a decision can only be posted from a page this server rendered for that token.
    /// </summary>
    public async Task<string> FormCheckAsync(string token, string pageNonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(pageNonce);
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        return Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"form\n{token}\n{pageNonce}")));
    }

    /// <summary>True when <paramref name="check"/> is <see cref="FormCheckAsync"/> of the token and page nonce (constant time).</summary>
    public async Task<bool> VerifyFormCheckAsync(string token, string? pageNonce, string? check, CancellationToken cancellationToken = default)
    {
        if (pageNonce is not { Length: > 0 } || check is not { Length: > 0 })
        {
            return false;
        }

        var expected = await FormCheckAsync(token, pageNonce, cancellationToken).ConfigureAwait(false);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(check));
    }

    /// <summary>The first 12 hex digits of the token's SHA-256: names a token in logs without making it usable.</summary>
    public static string Fingerprint(string? token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? string.Empty)))[..12];

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } key)
        {
            return key;
        }

        // Like the audit log: a missing key is created only for a fresh log, never silently replaced under an existing one.
        var file = AuditKey.Locate(_auditOptions, _dataDirectory);
        var fresh = _auditStorage is { } storage
            ? await IsFreshAsync(storage, cancellationToken).ConfigureAwait(false)
            : !File.Exists(Path.Combine(_dataDirectory, "audit.jsonl")) && !File.Exists(Path.Combine(_dataDirectory, "audit-head.db"));
        var audit = await AuditKey.LoadAsync(file, cancellationToken).ConfigureAwait(false)
            ?? (fresh ? await AuditKey.LoadOrCreateAsync(file, cancellationToken).ConfigureAwait(false) : null)
            ?? throw new AuditLogException($"the audit key file '{file}' does not exist, but the audit log does; approval links are signed with a key derived from it: restore the key file (AGENTFLOW__AUDIT__KEYFILE or audit.keyFile in agentflow.json)");
        return _key = audit.Derive(KeyLabel);
    }

    // A log shared in a table is fresh when it has neither records nor a head (e.g. its first worker is starting);
    // its tail says so without reading every record.
    private static async Task<bool> IsFreshAsync(IAuditStorage storage, CancellationToken cancellationToken)
    {
        await using var tail = await storage.ReadTailAsync(cancellationToken).ConfigureAwait(false);
        return tail.LastLine is null && tail.Head is null;
    }
}
