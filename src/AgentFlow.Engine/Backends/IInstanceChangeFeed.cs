namespace AgentFlow.Engine.Backends;

/// <summary>
/// A backend that says, in process, when an orchestration instance's visible state (status, custom status) was
/// committed, so a watcher (the server's event streams) reads that run at once instead of waiting for its next poll.
/// The embedded SQLite backend has it; a backend without it is polled.
/// </summary>
public interface IInstanceChangeFeed
{
    /// <summary>
    /// Raised after a commit changed the state of the instance whose id it carries (a run, or a sub-run or map chunk:
    /// <see cref="Runs.RunIds.Root"/> gives the run). Raised on the backend's writer thread: handlers must return at
    /// once and never throw.
    /// </summary>
    event Action<string>? InstanceChanged;
}
