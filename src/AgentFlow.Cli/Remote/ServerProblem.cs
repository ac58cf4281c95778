using System.Net;
using AgentFlow.Core;

namespace AgentFlow.Cli.Remote;

/// <summary>The server answered a request with an error (a problem document); the message carries its detail.</summary>
internal sealed class ServerProblem(HttpStatusCode status, string message) : AgentFlowException(message)
{
    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>True when the server refused the operator (401 or 403): exit 5, like a refusal from the data directory.</summary>
    public bool IsRefusal => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
