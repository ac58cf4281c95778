using AgentFlow.Core;

namespace AgentFlow.Engine.Replay;

/// <summary>A replay was refused before anything started; the message says why and what to do.</summary>
public sealed class ReplayRefusedException : AgentFlowException
{
    /// <summary>Creates the exception.</summary>
    public ReplayRefusedException(ReplayRefusal refusal, string message)
        : base(message)
    {
        Refusal = refusal;
    }

    /// <summary>Why it was refused.</summary>
    public ReplayRefusal Refusal { get; }
}
