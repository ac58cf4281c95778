using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AgentFlow.Engine.Records;

/// <summary>
/// A <see cref="IVersionedDocument"/> in one block blob, shared by every worker and server on every machine using the
/// same storage account. The version is the blob's ETag; a write is an upload with <c>If-Match: ETAG</c> (or
/// <c>If-None-Match: *</c> for the first one), so of two writers racing from the same version exactly one succeeds.
/// The container is created on the first write.
/// </summary>
public sealed class BlobVersionedDocument : IVersionedDocument
{
    private readonly BlobContainerClient _container;
    private readonly BlobClient _blob;

    /// <summary>A document in blob <paramref name="blobName"/> of <paramref name="container"/>.</summary>
    public BlobVersionedDocument(BlobContainerClient container, string blobName)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        _container = container;
        _blob = container.GetBlobClient(blobName);
    }

    /// <inheritdoc />
    public string Location => _blob.Uri.ToString();

    /// <inheritdoc />
    public async Task<VersionedContent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var download = await _blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new VersionedContent(download.Value.Content.ToMemory(), download.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryWriteAsync(ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        var options = new BlobUploadOptions
        {
            Conditions = expectedVersion is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(expectedVersion) },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && expectedVersion is null && attempt == 0)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 409 || (ex.Status == 404 && expectedVersion is not null))
            {
                // 412: changed since read; 409: created meanwhile (If-None-Match: *); 404: deleted since read.
                return false;
            }
        }
    }
}
