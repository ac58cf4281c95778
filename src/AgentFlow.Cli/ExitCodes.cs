namespace AgentFlow.Cli;

/// <summary>Process exit codes of the <c>agentflow</c> command; scripts may rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>Success: every workflow is valid, or the command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>Usage or I/O error: bad arguments, missing or unreadable file.</summary>
    public const int UsageOrIo = 1;

    /// <summary>At least one workflow is invalid.</summary>
    public const int Invalid = 2;
}
