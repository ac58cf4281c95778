using AgentFlow.Abstractions.Configuration;


namespace AgentFlow.Memory;

/// <summary>The one check every vector index makes on open: it was built with the embedder now configured.</summary>
internal static class IndexEmbedder
{
    /// <summary>Throws an <see cref="ConfigurationException"/> for <paramref name="setting"/> naming both embedders when they differ.</summary>
    /// <param name="setting">The setting to name, e.g. <c>memory.embedder</c>.</param>
    /// <param name="index">What and where the index is, e.g. <c>the memory index '/data/memory.db'</c>.</param>
    /// <param name="stored">Embedder and dimensions recorded in the index.</param>
    /// <param name="configured">Embedder and dimensions configured now.</param>
    /// <param name="remedy">What else the user can do besides configuring the recorded embedder again.</param>
    public static void Ensure(string setting, string index, (string? Name, int? Dimensions) stored, (string Name, int Dimensions) configured, string remedy)
    {
        if (stored.Name != configured.Name || stored.Dimensions != configured.Dimensions)
        {
            throw new ConfigurationException(
                setting,
                $"{index} was built with embedder '{stored.Name}' ({stored.Dimensions} dimensions), but the configured embedder is '{configured.Name}' ({configured.Dimensions} dimensions). Configure '{stored.Name}' with {stored.Dimensions} dimensions again, or {remedy}.");
        }
    }
}
