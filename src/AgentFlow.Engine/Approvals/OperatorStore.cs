using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentFlow.Engine.Records;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The configured operators, kept in one <see cref="IVersionedDocument"/>: <c>DATA/operators.json</c> (owner-only on
/// Unix) by default, or a blob shared by every worker and server on every machine. Each operator gets a token
/// <c>af_ID_SECRET</c> once: <c>ID</c> (8 URL-safe base64 characters) is a non-secret lookup id stored in clear, and only a
/// salted PBKDF2-SHA256 hash of <c>SECRET</c> (32 random bytes, URL-safe base64) is stored, so checking a token costs one hash.
/// The first operator added becomes an admin (role <see cref="AdminRole"/>); after that only an admin's token may add or
/// remove operators, and with an <see cref="AuditLog"/> every change and every refusal is audited.
/// </summary>
public sealed partial class OperatorStore
{
    /// <summary>The role that may add and remove operators; the first operator gets it.</summary>
    public const string AdminRole = "admin";

    /// <summary>The file name of the operators inside a data directory.</summary>
    public const string FileName = "operators.json";

    private const string TokenPrefix = "af_";
    private const int IdBytes = 6;
    private const int IdLength = 8;
    private const int SecretBytes = 32;
    private const int SecretLength = 43;
    private const int TokenLength = 3 + IdLength + 1 + SecretLength;
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Hash, byte[] Digest)> _verified = new(StringComparer.Ordinal);

    private readonly IVersionedDocument _document;
    private readonly AuditLog? _audit;

    /// <summary>Creates a store over <paramref name="dataDirectory"/>/operators.json (created on the first add).</summary>
    /// <param name="dataDirectory">The data directory.</param>
    /// <param name="audit">Where additions, removals and refusals are audited; nowhere when null.</param>
    public OperatorStore(string dataDirectory, AuditLog? audit = null)
        : this(new FileVersionedDocument(Path.Combine(ValidDirectory(dataDirectory), FileName)), audit)
    {
    }

    /// <summary>
    /// Creates a store over <paramref name="document"/> (for example a <see cref="BlobVersionedDocument"/>, so that every
    /// worker and server shares the operators). Changes are read-modify-write, retried when another store changed the
    /// document in between, so concurrent changes from any number of stores all land.
    /// </summary>
    /// <param name="document">Where the operators (names, roles and token hashes, never tokens) are kept.</param>
    /// <param name="audit">Where additions, removals and refusals are audited; nowhere when null.</param>
    public OperatorStore(IVersionedDocument document, AuditLog? audit = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        _document = document;
        _audit = audit;
    }

    /// <summary>
    /// Adds an operator and returns it with its token; the token is not stored and cannot be shown again. The first
    /// operator of a data directory needs no token and also gets role <see cref="AdminRole"/>; later ones need
    /// <paramref name="adminToken"/>, an admin's token.
    /// </summary>
    /// <exception cref="OperatorException">The name or a role is invalid, or the name is taken.</exception>
    /// <exception cref="OperatorAccessDeniedException">There are operators already and <paramref name="adminToken"/> is missing, invalid or not an admin's (audited).</exception>
    public async Task<(Operator Operator, string Token)> AddAsync(string name, IReadOnlyList<string> roles, string? email, string? adminToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(roles);
        CheckName("operator name", name);
        // No role is fine: approvers can name an operator directly (user:NAME).
        foreach (var role in roles)
        {
            CheckName("role", role);
        }

        // Hash before taking the lock: PBKDF2 is slow on purpose and does not depend on the file.
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Convert.ToBase64String(HashSecret(secret, salt));
        var caller = await FindByTokenAsync(adminToken, cancellationToken).ConfigureAwait(false);
        return await ChangeAsync<(Operator, string)>(
            async all =>
            {
                var first = all.Count == 0;
                var actor = first ? null : await AuthorizeAsync(all, caller, adminToken, $"adding operator '{name}'", name, cancellationToken).ConfigureAwait(false);
                if (all.Exists(o => o.Name == name))
                {
                    throw new OperatorException($"operator '{name}' already exists; remove it first or pick another name");
                }

                IEnumerable<string> granted = first ? [.. roles, AdminRole] : roles;
                var op = new Operator(name, [.. granted.Distinct(StringComparer.Ordinal)], string.IsNullOrWhiteSpace(email) ? null : email.Trim(), DateTime.UtcNow);

                string id;
                do
                {
                    id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
                }
                while (all.Exists(o => o.TokenId == id));

                // Audited before saving: the log may name a change that a failed save then lost (or, after a lost race
                // with another store, name it twice), never miss one that happened.
                await AuditAsync("added", actor, name, $"roles: {string.Join(", ", op.Roles)}{(first ? " (the first operator, so an admin)" : string.Empty)}", cancellationToken).ConfigureAwait(false);
                all.Add(new StoredOperator(op.Name, [.. op.Roles], op.Email, op.CreatedAt, id, Convert.ToBase64String(salt), hash));
                return (true, (op, $"{TokenPrefix}{id}_{secret}"));
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The operator a token belongs to, or null when the token is malformed, wrong, or its operator was removed.</summary>
    public async Task<Operator?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return (await FindByTokenAsync(token, cancellationToken).ConfigureAwait(false))?.ToOperator();
    }

    /// <summary>All operators, ordered by name.</summary>
    public async Task<IReadOnlyList<Operator>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await LoadAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => o.ToOperator())];
    }

    /// <summary>The operator named <paramref name="name"/>, or null.</summary>
    public async Task<Operator?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return (await LoadAsync(cancellationToken).ConfigureAwait(false)).Find(o => o.Name == name)?.ToOperator();
    }

    /// <summary>
    /// Removes an operator (its token stops working at once) as the admin whose token is <paramref name="adminToken"/>;
    /// false when there was none. The only admin cannot be removed.
    /// </summary>
    /// <exception cref="OperatorException">The operator is the only admin.</exception>
    /// <exception cref="OperatorAccessDeniedException"><paramref name="adminToken"/> is missing, invalid or not an admin's (audited).</exception>
    public async Task<bool> RemoveAsync(string name, string? adminToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (await _document.ReadAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        var caller = await FindByTokenAsync(adminToken, cancellationToken).ConfigureAwait(false);
        return await ChangeAsync(
            async all =>
            {
                if (all.Count == 0)
                {
                    return (false, false);
                }

                var actor = await AuthorizeAsync(all, caller, adminToken, $"removing operator '{name}'", name, cancellationToken).ConfigureAwait(false);
                if (all.Find(o => o.Name == name) is not { } removed)
                {
                    return (false, false);
                }

                if (removed.Roles.Contains(AdminRole) && all.Count(o => o.Roles.Contains(AdminRole)) == 1)
                {
                    throw new OperatorException($"operator '{name}' is the only admin, so nobody could manage operators after it; add another admin first (agentflow operators add NAME --role {AdminRole}), then remove '{name}'");
                }

                await AuditAsync("removed", actor, name, $"roles: {string.Join(", ", removed.Roles)}", cancellationToken).ConfigureAwait(false);
                all.Remove(removed);
                return (true, true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static void CheckName(string what, string value)
    {
        if (value is null || value.Length is 0 or > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@' or '-'))
        {
            throw new OperatorException($"{what} '{value}' is not valid: use 1-64 letters, digits, '_', '.', '@' or '-'");
        }
    }

    private static byte[] HashSecret(string secret, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);

    private sealed record StoredOperator(string Name, string[] Roles, string? Email, DateTime CreatedAt, string TokenId, string Salt, string Hash)
    {
        public Operator ToOperator() => new(Name, Roles, Email, CreatedAt);
    }
}
