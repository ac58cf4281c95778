namespace AgentFlow.Cli;

/// <summary>Process exit codes shared by every command.</summary>
internal static class ExitCodes
{
    /// <summary>Success (for <c>run</c>: the run completed).</summary>
    public const int Ok = 0;

    /// <summary>Bad usage, unreadable file, unknown run.</summary>
    public const int UsageOrIo = 1;

    /// <summary>The workflow, its inputs or the configuration (a setting, named in the message) are invalid; nothing was started.</summary>
    public const int Invalid = 2;

    /// <summary>The run failed or was cancelled.</summary>
    public const int RunFailed = 3;

    /// <summary>The run is not finished: waiting for an approval or a timer, detached, or interrupted.</summary>
    public const int NotFinished = 4;

    /// <summary>A decision was refused: not an approver, invalid token, or nothing to decide.</summary>
    public const int Refused = 5;
}
