using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The configured operators, kept in <c>DATA/operators.json</c> (owner-only on Unix). Each operator gets a token
/// <c>af_ID_SECRET</c> once: <c>ID</c> (8 URL-safe base64 characters) is a non-secret lookup id stored in clear, and only a
/// salted PBKDF2-SHA256 hash of <c>SECRET</c> (32 random bytes, URL-safe base64) is stored, so checking a token costs one hash.
/// </summary>
public sealed class OperatorStore
{
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

    private readonly string _directory;
    private readonly string _path;
    private readonly string _lockPath;

    /// <summary>Creates a store over <paramref name="dataDirectory"/>/operators.json (created on the first add).</summary>
    public OperatorStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _directory = dataDirectory;
        _path = Path.Combine(dataDirectory, "operators.json");
        _lockPath = _path + ".lock";
    }

    /// <summary>Adds an operator and returns it with its token; the token is not stored and cannot be shown again.</summary>
    /// <exception cref="OperatorException">The name or a role is invalid, there is no role, or the name is taken.</exception>
    public async Task<(Operator Operator, string Token)> AddAsync(string name, IReadOnlyList<string> roles, string? email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(roles);
        CheckName("operator name", name);
        if (roles.Count == 0)
        {
            throw new OperatorException($"operator '{name}' needs at least one role");
        }

        foreach (var role in roles)
        {
            CheckName("role", role);
        }

        var op = new Operator(name, [.. roles.Distinct(StringComparer.Ordinal)], string.IsNullOrWhiteSpace(email) ? null : email.Trim(), DateTime.UtcNow);

        // Hash before taking the lock: PBKDF2 is slow on purpose and does not depend on the file.
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Convert.ToBase64String(HashSecret(secret, salt));

        Directory.CreateDirectory(_directory);
        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        var all = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (all.Exists(o => o.Name == name))
        {
            throw new OperatorException($"operator '{name}' already exists; remove it first or pick another name");
        }

        string id;
        do
        {
            id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        }
        while (all.Exists(o => o.TokenId == id));

        all.Add(new StoredOperator(op.Name, [.. op.Roles], op.Email, op.CreatedAt, id, Convert.ToBase64String(salt), hash));
        await SaveAsync(all, cancellationToken).ConfigureAwait(false);
        return (op, $"{TokenPrefix}{id}_{secret}");
    }

    /// <summary>The operator a token belongs to, or null when the token is malformed, wrong, or its operator was removed.</summary>
    public async Task<Operator?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length != TokenLength || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token[TokenPrefix.Length + IdLength] != '_')
        {
            return null;
        }

        var id = token.Substring(TokenPrefix.Length, IdLength);
        var stored = (await LoadAsync(cancellationToken).ConfigureAwait(false)).Find(o => o.TokenId == id);
        if (stored is null)
        {
            return null;
        }

        var actual = HashSecret(token[^SecretLength..], Convert.FromBase64String(stored.Salt));
        return CryptographicOperations.FixedTimeEquals(actual, Convert.FromBase64String(stored.Hash)) ? stored.ToOperator() : null;
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

    /// <summary>Removes an operator (its token stops working at once); false when there was none.</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!File.Exists(_path))
        {
            return false;
        }

        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        var all = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (all.RemoveAll(o => o.Name == name) == 0)
        {
            return false;
        }

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
