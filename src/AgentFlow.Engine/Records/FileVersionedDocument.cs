using System.Security.Cryptography;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Records;

/// <summary>
/// A <see cref="IVersionedDocument"/> in one local file, owner-only on Unix. Its version is the SHA-256 of its content;
/// a write compares and replaces under a lock file (<c>PATH.lock</c>) shared with other processes, and replaces the file
/// whole by rename, so readers need no lock and never see half a document.
/// </summary>
public sealed class FileVersionedDocument : IVersionedDocument
{
    private readonly string _lockPath;

    /// <summary>A document at <paramref name="path"/> (its folder is created on the first write).</summary>
    public FileVersionedDocument(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Location = Path.GetFullPath(path);
        _lockPath = Location + ".lock";
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public async Task<VersionedContent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(Location, cancellationToken).ConfigureAwait(false);
            return new VersionedContent(bytes, VersionOf(bytes));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryWriteAsync(ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        var current = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (current?.Version != expectedVersion)
        {
            return false;
        }

        var temp = $"{Location}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created owner-only, so the content is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Location, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string VersionOf(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
