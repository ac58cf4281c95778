using System.Security.Cryptography;
using System.Text;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// The secret key of the audit log's MACs: HMAC-SHA256 over canonical record content. <see cref="Id"/> (the first 16
/// hex digits of the key's SHA-256) is written into every record, so a wrong key is told apart from tampering.
/// </summary>
internal sealed class AuditKey
{
    private const int KeyBytes = 32;

    private readonly byte[] _key;

    private AuditKey(byte[] key, string path)
    {
        _key = key;
        Path = path;
        Id = Convert.ToHexStringLower(SHA256.HashData(key))[..16];
    }

    /// <summary>The key file.</summary>
    public string Path { get; }

    /// <summary>Names the key without revealing it.</summary>
    public string Id { get; }

    /// <summary>Lowercase hex HMAC-SHA256 of <paramref name="text"/> (UTF-8).</summary>
    public string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));

    /// <summary>A 32-byte key for another purpose (HKDF-SHA256 with <paramref name="label"/>), independent of this one.</summary>
    public byte[] Derive(string label) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, KeyBytes, salt: [], info: Encoding.UTF8.GetBytes(label));

    /// <summary>True when <paramref name="mac"/> is <see cref="Mac"/> of <paramref name="text"/> (constant time).</summary>
    public bool Verify(string text, string? mac) =>
        mac is { Length: 64 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(text)), Encoding.ASCII.GetBytes(mac));

    /// <summary>The key file named by the options, checked to be outside the data directory.</summary>
    /// <exception cref="AuditLogException">There is no key file setting and no user configuration folder, or the file is inside the data directory.</exception>
    public static string Locate(AuditLogOptions options, string dataDirectory)
    {
        var path = options.KeyFile is { Length: > 0 } configured ? configured : AuditLogOptions.DefaultKeyFile
            ?? throw new AuditLogException("there is no user configuration folder to keep the audit key in (no HOME?); set AGENTFLOW__AUDIT__KEYFILE (or audit.keyFile in agentflow.json) to a file outside the data directory");
        path = System.IO.Path.GetFullPath(path);
        var data = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(dataDirectory)) + System.IO.Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.StartsWith(data, comparison)
            ? throw new AuditLogException($"the audit key file '{path}' is inside the data directory '{data}': whoever can rewrite the log could read the key; keep it elsewhere (AGENTFLOW__AUDIT__KEYFILE or audit.keyFile in agentflow.json)")
            : path;
    }

    /// <summary>The key in <paramref name="path"/>, or null when the file does not exist.</summary>
    /// <exception cref="AuditLogException">The file is not a key.</exception>
    public static async Task<AuditKey?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            key = [];
        }

        return key.Length >= KeyBytes
            ? new AuditKey(key, path)
            : throw new AuditLogException($"the audit key file '{path}' does not hold a key (base64 of 32 random bytes); restore it from a backup");
    }

    /// <summary>The key in <paramref name="path"/>, created (owner-only, in an owner-only folder) when there is none.</summary>
    public static async Task<AuditKey> LoadOrCreateAsync(string path, CancellationToken cancellationToken)
    {
        if (await LoadAsync(path, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var folder = System.IO.Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) + "\n"), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            // No overwrite: when another process created the key first, its key wins and this one is dropped.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
        finally
        {
            File.Delete(temp);
        }

        return await LoadAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new AuditLogException($"the audit key file '{path}' could not be created");
    }
}
