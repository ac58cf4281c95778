using System.Text.Json;

namespace AgentFlow.Engine.Definitions;

/// <summary>Stores pinned definitions as files <c>definitions/PIN.json</c> under the data directory (the embedded default).</summary>
public sealed class FileDefinitionStore : IDefinitionStore
{
    private readonly string _directory;

    /// <summary>Creates a store in <paramref name="dataDirectory"/>/definitions.</summary>
    public FileDefinitionStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _directory = Path.Combine(dataDirectory, "definitions");
    }

    /// <inheritdoc />
    public async Task SaveAsync(PinnedDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var path = PathOf(definition.Pin);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(_directory);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(definition, DefinitionJson.Options), cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process stored the same pin first; the content is identical by construction.
            File.Delete(temp);
        }
    }

    /// <inheritdoc />
    public async Task<PinnedDefinition?> GetAsync(string pin, CancellationToken cancellationToken = default)
    {
        var path = PathOf(pin);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<PinnedDefinition>(stream, DefinitionJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public PinnedDefinition? Read(string pin)
    {
        var path = PathOf(pin);
        return File.Exists(path) ? JsonSerializer.Deserialize<PinnedDefinition>(File.ReadAllBytes(path), DefinitionJson.Options) : null;
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string pin, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(pin);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    private string PathOf(string pin)
    {
        if (!DefinitionJson.IsPin(pin))
        {
            throw new ArgumentException($"'{pin}' is not a definition pin.", nameof(pin));
        }

        return Path.Combine(_directory, pin + ".json");
    }
}
