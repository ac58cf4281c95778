using AgentFlow.Abstractions.Memory;
using AgentFlow.Core.Loading;
using AgentFlow.Engine.Definitions;

namespace AgentFlow.Engine.Tests.Definitions;

/// <summary>A run first started or continued in a process warms the memories its workflow reads, and no others.</summary>
public sealed class DefinitionCacheWarmupTests
{
    private const string WithMemory = """
        { "name": "t", "models": { "m": { "provider": "local" } },
          "agents": { "reader": { "model": "m", "memory": { "recall": 3 } }, "plain": { "model": "m" },
                      "searcher": { "model": "m" }, "writer": { "model": "m" }, "idle": { "model": "m", "memory": { "recall": 2 } } },
          "start": "past",
          "nodes": {
            "past":  { "kind": "recall", "agent": "searcher", "query": "q", "next": "draft" },
            "draft": { "kind": "llm", "agent": "reader", "prompt": "go", "next": "other" },
            "other": { "kind": "llm", "agent": "plain", "prompt": "go", "next": "note" },
            "note":  { "kind": "remember", "agent": "writer", "text": "t" } } }
        """;

    private const string WithoutMemory = """
        { "name": "t", "models": { "m": { "provider": "local" } }, "agents": { "plain": { "model": "m" } },
          "start": "other", "nodes": { "other": { "kind": "llm", "agent": "plain", "prompt": "go" } } }
        """;

    [Fact]
    public void Prime_RunStartedHere_PreloadsTheAgentsTheWorkflowRecallsFromOnce()
    {
        var preloader = new RecordingPreloader();
        var cache = new DefinitionCache(new OneDefinitionStore(WithMemory), preloader);
        var pinned = Pinned(WithMemory);
        var definition = WorkflowLoader.Parse(WithMemory, "t.json").Definition!;

        cache.Prime(pinned, definition);
        cache.Prime(pinned, definition);
        cache.Get(pinned.Pin);

        var call = Assert.Single(preloader.Calls);
        Assert.Equal(["reader", "searcher"], call.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Get_RunContinuedInAFreshProcess_PreloadsTheAgentsTheWorkflowRecallsFrom()
    {
        var preloader = new RecordingPreloader();
        var cache = new DefinitionCache(new OneDefinitionStore(WithMemory), preloader);

        cache.Get(Pinned(WithMemory).Pin);

        Assert.Equal(["reader", "searcher"], Assert.Single(preloader.Calls).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Get_WorkflowWithoutMemory_PreloadsNothing()
    {
        var preloader = new RecordingPreloader();
        var cache = new DefinitionCache(new OneDefinitionStore(WithoutMemory), preloader);

        cache.Get(Pinned(WithoutMemory).Pin);

        Assert.Empty(preloader.Calls);
    }

    private static PinnedDefinition Pinned(string json) => new("pin", "t.json", json, new Dictionary<string, string>());

    private sealed class RecordingPreloader : IAgentMemoryPreloader
    {
        public List<IReadOnlyCollection<string>> Calls { get; } = [];

        public void Preload(IReadOnlyCollection<string> agents) => Calls.Add([.. agents]);
    }

    private sealed class OneDefinitionStore(string json) : IDefinitionStore
    {
        public Task SaveAsync(PinnedDefinition definition, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<PinnedDefinition?> GetAsync(string pin, CancellationToken cancellationToken = default) => Task.FromResult(Read(pin));

        public PinnedDefinition? Read(string pin) => Pinned(json);

        public Task<bool> DeleteAsync(string pin, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
