using AgentFlow.Abstractions.Memory;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Memory.Tests;

/// <summary>The host's background preload: best effort, logged when it fails, and invisible in what a recall returns.</summary>
public sealed class AgentMemoryPreloaderTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Preload_StoreCannotBeOpened_LogsAWarningAndThrowsNothing()
    {
        var logger = new ListLogger();
        using var preloader = new AgentMemoryPreloader(() => throw new IOException("disk gone"), logger);

        preloader.Preload(["editor"]);
        await preloader.WhenIdleAsync();

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("editor", entry.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(entry.Exception);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Preload_OpensTheSqliteStoreOnlyWhenOn(bool on)
    {
        using var services = new ServiceCollection().AddMemory(_db.Directory, o => o.Preload = on).BuildServiceProvider();
        var preloader = Assert.IsType<AgentMemoryPreloader>(services.GetRequiredService<IAgentMemoryPreloader>());

        preloader.Preload(["editor"]);
        await preloader.WhenIdleAsync();

        Assert.Equal(on, File.Exists(_db.FilePath));
    }

    [Fact]
    public async Task Recall_AfterOrDuringPreload_ReturnsWhatItReturnsWithout()
    {
        using (var store = _db.Open())
        {
            for (var i = 0; i < 40; i++)
            {
                await store.AddTextAsync("editor", $"note {i} about topic {i % 7} and issue {i % 5}");
            }

            await store.AddTextAsync("other", "note about topic 3");
        }

        var cold = await RecallAsync(preload: false, wait: false);
        var warm = await RecallAsync(preload: true, wait: true);
        var during = await RecallAsync(preload: true, wait: false);

        Assert.Equal(cold, warm);
        Assert.Equal(cold, during);
        Assert.NotEmpty(cold);
    }

    private async Task<List<(string Id, double Score)>> RecallAsync(bool preload, bool wait)
    {
        SqliteConnection.ClearAllPools();
        using var store = _db.Open();
        using var preloader = new AgentMemoryPreloader(() => store);
        if (preload)
        {
            preloader.Preload(["editor", "other"]);
            if (wait)
            {
                await preloader.WhenIdleAsync();
            }
        }

        var hits = await store.SearchTextAsync("editor", "topic 3 issue 2", k: 8);
        await preloader.WhenIdleAsync();
        return [.. hits.Select(h => (h.Record.Id, h.Score))];
    }

    private sealed class ListLogger : ILogger<AgentMemoryPreloader>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception), exception));
            }
        }
    }
}
