using System.Security.Cryptography;

namespace AgentFlow.Engine.Approvals;

/// <content>Who may change the operators, and the audit records of changes and refusals.</content>
public sealed partial class OperatorStore
{
    /// <summary>
    /// The admin behind <paramref name="caller"/>, re-read from <paramref name="all"/> under the lock (it may have been
    /// removed meanwhile). A data directory from before admins existed has none: then any operator's token is accepted.
    /// </summary>
    /// <exception cref="OperatorAccessDeniedException">No token, an invalid one, or not an admin's; the refusal is audited first.</exception>
    private async Task<string> AuthorizeAsync(List<StoredOperator> all, StoredOperator? caller, string? token, string action, string subject, CancellationToken cancellationToken)
    {
        var current = caller is null ? null : all.Find(o => o.TokenId == caller.TokenId);
        var anyAdmin = all.Exists(o => o.Roles.Contains(AdminRole));
        string? reason = null;
        if (string.IsNullOrWhiteSpace(token))
        {
            reason = $"{action} needs an admin's token: this data directory already has operators";
        }
        else if (current is null)
        {
            reason = $"{action} needs an admin's token, and the token given is not valid (unknown, revoked or mistyped)";
        }
        else if (anyAdmin && !current.Roles.Contains(AdminRole))
        {
            reason = $"{action} needs an admin's token, and operator '{current.Name}' (roles: {string.Join(", ", current.Roles)}) is not an admin";
        }

        if (reason is null)
        {
            return current!.Name;
        }

        await AuditAsync("refused", current?.Name, subject, reason, cancellationToken).ConfigureAwait(false);
        throw new OperatorAccessDeniedException(reason, current?.Name);
    }

    private async Task AuditAsync(string decision, string? actor, string subject, string reason, CancellationToken cancellationToken)
    {
        if (_audit is not null)
        {
            await _audit.AppendAsync(new AuditEntry(AuditKinds.Operator, RunId: null, Node: null, Operator: actor, Decision: decision, Reason: reason, Subject: subject), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The stored operator a token belongs to, or null when the token is missing, malformed, wrong, or its operator was removed.</summary>
    private async Task<StoredOperator?> FindByTokenAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is null || token.Length != TokenLength || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token[TokenPrefix.Length + IdLength] != '_')
        {
            return null;
        }

        var id = token.Substring(TokenPrefix.Length, IdLength);
        var stored = (await LoadAsync(cancellationToken).ConfigureAwait(false)).Find(o => o.TokenId == id);
        if (stored is null)
        {
            return null;
        }

        // PBKDF2 costs tens of milliseconds by design; a long-lived host (the server) checks the same tokens on every
        // request, so a token proven against a stored hash is remembered as the SHA-256 of its secret (the secret has
        // 256 random bits, so that digest cannot be reversed) together with that hash. A removed operator or a new
        // token changes the stored record, and the memo no longer matches.
        var secret = token[^SecretLength..];
        var digest = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));
        if (_verified.TryGetValue(id, out var memo) && memo.Hash == stored.Hash && CryptographicOperations.FixedTimeEquals(memo.Digest, digest))
        {
            return stored;
        }

        var actual = HashSecret(secret, Convert.FromBase64String(stored.Salt));
        if (!CryptographicOperations.FixedTimeEquals(actual, Convert.FromBase64String(stored.Hash)))
        {
            return null;
        }

        _verified[id] = (stored.Hash, digest);
        return stored;
    }
}
