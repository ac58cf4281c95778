using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The configured operators, kept in <c>DATA/operators.json</c> (owner-only on Unix). Each operator gets a token
/// <c>af_ID_SECRET</c> once: <c>ID</c> (8 URL-safe base64 characters) is a non-secret lookup id stored in clear, and only a
/// salted PBKDF2-SHA256 hash of <c>SECRET</c> (32 random bytes, URL-safe base64) is stored, so checking a token costs one hash.
/// The first operator added becomes an admin (role <see cref="AdminRole"/>); after that only an admin's token may add or
/// remove operators, and with an <see cref="AuditLog"/> every change and every refusal is audited.
/// </summary>
public sealed partial class OperatorStore
{
    /// <summary>The role that may add and remove operators; the first operator gets it.</summary>
    public const string AdminRole = "admin";

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

    private readonly string _directory;
    private readonly string _path;
    private readonly string _lockPath;
    private readonly AuditLog? _audit;

    /// <summary>Creates a store over <paramref name="dataDirectory"/>/operators.json (created on the first add).</summary>
    /// <param name="dataDirectory">The data directory.</param>
    /// <param name="audit">Where additions, removals and refusals are audited; nowhere when null.</param>
    public OperatorStore(string dataDirectory, AuditLog? audit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _directory = dataDirectory;
        _path = Path.Combine(dataDirectory, "operators.json");
        _lockPath = _path + ".lock";
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

        Directory.CreateDirectory(_directory);
        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        var all = await LoadAsync(cancellationToken).ConfigureAwait(false);
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

        // Audited before saving: the log may name a change that a failed save then lost, never miss one that happened.
        await AuditAsync("added", actor, name, $"roles: {string.Join(", ", op.Roles)}{(first ? " (the first operator, so an admin)" : string.Empty)}", cancellationToken).ConfigureAwait(false);
        all.Add(new StoredOperator(op.Name, [.. op.Roles], op.Email, op.CreatedAt, id, Convert.ToBase64String(salt), hash));
        await SaveAsync(all, cancellationToken).ConfigureAwait(false);
        return (op, $"{TokenPrefix}{id}_{secret}");
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
        if (!File.Exists(_path))
        {
            return false;
        }

        var caller = await FindByTokenAsync(adminToken, cancellationToken).ConfigureAwait(false);
        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        var all = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (all.Count == 0)
        {
            return false;
        }

        var actor = await AuthorizeAsync(all, caller, adminToken, $"removing operator '{name}'", name, cancellationToken).ConfigureAwait(false);
        if (all.Find(o => o.Name == name) is not { } removed)
        {
            return false;
        }

        if (removed.Roles.Contains(AdminRole) && all.Count(o => o.Roles.Contains(AdminRole)) == 1)
        {
            throw new OperatorException($"operator '{name}' is the only admin, so nobody could manage operators after it; add another admin first (agentflow operators add NAME --role {AdminRole}), then remove '{name}'");
        }

        await AuditAsync("removed", actor, name, $"roles: {string.Join(", ", removed.Roles)}", cancellationToken).ConfigureAwait(false);
        all.Remove(removed);
        await SaveAsync(all, cancellationToken).ConfigureAwait(false);
        return true;
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

    // Reads need no lock: the file is only ever replaced whole, by rename.
    private async Task<List<StoredOperator>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<List<StoredOperator>>(bytes, JsonOptions) ?? [];
        }
        catch (JsonException ex)
        {
            throw new OperatorException($"'{_path}' is not a valid operators file ({ex.Message}); restore it from a backup or remove it and add the operators again", ex);
        }
    }

    private async Task SaveAsync(List<StoredOperator> all, CancellationToken cancellationToken)
    {
        var temp = $"{_path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created owner-only, so the hashes are never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await JsonSerializer.SerializeAsync(stream, all, JsonOptions, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, _path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private sealed record StoredOperator(string Name, string[] Roles, string? Email, DateTime CreatedAt, string TokenId, string Salt, string Hash)
    {
        public Operator ToOperator() => new(Name, Roles, Email, CreatedAt);
    }
}
