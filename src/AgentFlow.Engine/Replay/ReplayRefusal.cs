namespace AgentFlow.Engine.Replay;

/// <summary>Why a replay was refused (hosts map it to an exit code or an HTTP status).</summary>
public enum ReplayRefusal
{
    /// <summary>There is no such run.</summary>
    NotFound,

    /// <summary>The run has not finished (or was cancelled, or is a sub-run): there is nothing whole to fork.</summary>
    NotReplayable,

    /// <summary>An option is wrong: a <c>--set</c> assignment, <c>--from</c> or <c>--model</c>.</summary>
    BadRequest,
}
