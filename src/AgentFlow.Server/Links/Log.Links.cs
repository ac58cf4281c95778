using Microsoft.Extensions.Logging;

namespace AgentFlow.Server;

/// <summary>Log messages of approval links (event ids 4050-4059). Tokens are never logged: a fingerprint or the nonce names them.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4050, Level = LogLevel.Warning, Message = "Refused an approval link that is not genuine (token {Fingerprint}) from {Client}")]
    public static partial void LinkForged(ILogger logger, string fingerprint, string client);

    [LoggerMessage(EventId = 4051, Level = LogLevel.Information, Message = "Refused approval link {Nonce} of {Operator} for {RunId}/{Node}: {Reason}")]
    public static partial void LinkRefused(ILogger logger, string nonce, string @operator, string runId, string node, string reason);

    [LoggerMessage(EventId = 4052, Level = LogLevel.Information, Message = "{Operator} decided {RunId}/{Node} through approval link {Nonce}: {Outcome}")]
    public static partial void LinkDecided(ILogger logger, string @operator, string runId, string node, string nonce, AgentFlow.Engine.Approvals.DecisionOutcome outcome);

    [LoggerMessage(EventId = 4053, Level = LogLevel.Error, Message = "Approval links cannot be checked: {Reason}")]
    public static partial void LinkUnavailable(ILogger logger, string reason);
}
