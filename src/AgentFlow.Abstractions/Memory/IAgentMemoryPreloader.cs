namespace AgentFlow.Abstractions.Memory;

/// <summary>
/// Warms agents' memories ahead of their first recall: the engine calls it when a run of a workflow is first started
/// or continued in this process, with the agents whose memory the workflow reads (<c>recall</c> nodes, <c>llm</c>
/// nodes of agents with <c>memory.recall</c>), so that recall does not pay for opening the store.
/// </summary>
public interface IAgentMemoryPreloader
{
    /// <summary>
    /// Starts warming <paramref name="agents"/>' memories in the background and returns at once. It never throws for a
    /// failed preload (that is logged), never changes what a recall returns, and stops when the host shuts down.
    /// </summary>
    void Preload(IReadOnlyCollection<string> agents);
}
