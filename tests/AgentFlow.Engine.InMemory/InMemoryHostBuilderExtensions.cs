using AgentFlow.Engine.Hosting;

namespace AgentFlow.Engine.InMemory;

/// <summary>Puts a host on the in-memory task hub.</summary>
public static class InMemoryHostBuilderExtensions
{
    /// <summary>
    /// Runs the host on a fresh <see cref="InMemoryBackend"/>. The other settings (data directory for definitions,
    /// audit and ledger) still apply; only the durable task hub is replaced.
    /// </summary>
    public static AgentFlowHostBuilder UseInMemory(this AgentFlowHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBackend(InMemoryBackend.Create);
    }
}
