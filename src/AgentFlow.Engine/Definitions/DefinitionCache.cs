using System.Collections.Concurrent;
using AgentFlow.Abstractions.Memory;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Definitions;

/// <summary>
/// Parsed definitions by pin. Pins are content addresses, so reading one is deterministic, which is why the
/// orchestrator may use this cache directly instead of going through an activity. The first time this process sees a
/// definition (a run of it is started or continued here), its agents' memories are warmed through
/// <paramref name="preloader"/> (in the background; see <see cref="IAgentMemoryPreloader"/>).
/// </summary>
internal sealed class DefinitionCache(IDefinitionStore store, IAgentMemoryPreloader? preloader = null)
{
    private readonly ConcurrentDictionary<string, Lazy<DefinitionIndex>> _entries = new(StringComparer.Ordinal);

    public IDefinitionStore Store { get; } = store;

    public DefinitionIndex Get(string pin)
    {
        var entry = _entries.GetOrAdd(pin, p => new Lazy<DefinitionIndex>(() => Load(p)));
        try
        {
            return entry.Value;
        }
        catch
        {
            // Do not cache a failure (e.g. a store that was briefly unreachable).
            _entries.TryRemove(new KeyValuePair<string, Lazy<DefinitionIndex>>(pin, entry));
            throw;
        }
    }

    /// <summary>
    /// Remembers a definition this process has just pinned and parsed, so a run of it in this process does not parse
    /// the stored text again (the pin is the text's content hash, so both are the same definition).
    /// </summary>
    public void Prime(PinnedDefinition pinned, WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        ArgumentNullException.ThrowIfNull(definition);
        if (_entries.TryAdd(pinned.Pin, new Lazy<DefinitionIndex>(() => new DefinitionIndex(definition, pinned))))
        {
            Warm(definition);
        }
    }

    private DefinitionIndex Load(string pin)
    {
        // Synchronous by design: the orchestrator calls this, and must not await I/O (see IDefinitionStore.Read).
        var pinned = Store.Read(pin)
            ?? throw new InvalidOperationException($"definition {pin} is not in the definition store; was the run started against another data directory or task hub?");
        var document = WorkflowLoader.Parse(pinned.Json, pinned.SourceFile);
        var definition = document.Definition ?? throw new InvalidOperationException($"stored definition {pin} ({pinned.SourceFile}) no longer parses");
        Warm(definition);
        return new DefinitionIndex(definition, pinned);
    }

    /// <summary>Starts the background preload of the memories <paramref name="definition"/> reads (returns at once).</summary>
    private void Warm(WorkflowDefinition definition)
    {
        if (preloader is not null && MemoryAgents.Of(definition) is { Count: > 0 } agents)
        {
            preloader.Preload(agents);
        }
    }
}
