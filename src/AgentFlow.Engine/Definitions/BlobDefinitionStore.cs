using System.Text.Json;
using AgentFlow.Abstractions.Configuration;
using Azure;
using Azure.Storage.Blobs;

namespace AgentFlow.Engine.Definitions;

/// <summary>
/// Stores pinned definitions as blobs <c>PIN.json</c> in one container, so every worker sharing an Azure Storage task
/// hub reads the same definitions.
/// </summary>
public sealed class BlobDefinitionStore : IDefinitionStore
{
    private readonly BlobContainerClient _container;
    private int _created;

    /// <summary>Creates a store in container <paramref name="containerName"/> of the account in <paramref name="connectionString"/>.</summary>
    public BlobDefinitionStore(string connectionString, string containerName)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(containerName);
        try
        {
            _container = new BlobContainerClient(connectionString, containerName);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ConfigurationException(
                "azureStorage.connectionString", $"cannot be parsed as a storage connection string (name=value;... or UseDevelopmentStorage=true): {ex.Message}", ex);
        }
    }

    /// <summary>Creates a store in <paramref name="container"/> (created on the first save), e.g. one reached with a managed identity.</summary>
    public BlobDefinitionStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    /// <inheritdoc />
    public async Task SaveAsync(PinnedDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Interlocked.Exchange(ref _created, 1) == 0)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await Blob(definition.Pin)
                .UploadAsync(BinaryData.FromObjectAsJson(definition, DefinitionJson.Options), overwrite: false, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already stored; a pin always names the same content.
        }
    }

    /// <inheritdoc />
    public async Task<PinnedDefinition?> GetAsync(string pin, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await Blob(pin).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<PinnedDefinition>(DefinitionJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public PinnedDefinition? Read(string pin)
    {
        try
        {
            // The SDK's own synchronous download (not a blocked task): see IDefinitionStore.Read.
            var content = Blob(pin).DownloadContent();
            return content.Value.Content.ToObjectFromJson<PinnedDefinition>(DefinitionJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string pin, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await Blob(pin).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container yet: nothing was ever stored.
            return false;
        }
    }

    private BlobClient Blob(string pin) =>
        DefinitionJson.IsPin(pin) ? _container.GetBlobClient(pin + ".json") : throw new ArgumentException($"'{pin}' is not a definition pin.", nameof(pin));
}
