using Microsoft.Extensions.Logging;

namespace AgentFlow.Server;

/// <summary>How <see cref="AgentFlowServer"/> listens and what it serves.</summary>
public sealed class ServerOptions
{
    /// <summary>Sign-in with JWT bearer tokens of an OpenID Connect provider, mapped to operators; null (the default): off.</summary>
    public Auth.JwtOperatorOptions? Jwt { get; set; }

    /// <summary>Where Kestrel listens (<c>;</c>-separated). Default <c>http://127.0.0.1:5080</c>; port 0 picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The folder whose <c>*.json</c> files are the workflows the API lists and starts by name. Default <c>workflows</c>
    /// under the current directory (setting <c>server:workflows</c>).
    /// </summary>
    public string WorkflowsDirectory { get; set; } = "workflows";

    /// <summary>
    /// Whether <c>POST /api/runs</c> may carry a whole workflow (<c>definition</c>) instead of a name from
    /// <see cref="WorkflowsDirectory"/>. Default false: only reviewed files run (setting <c>server:allowInlineWorkflows</c>).
    /// </summary>
    public bool AllowInlineWorkflows { get; set; }

    /// <summary>How often the one shared run watcher reads runs in flight while someone listens to events. Default 250 ms.</summary>
    public TimeSpan EventPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an event stream may stay quiet before it sends a <c>ping</c> event. Default 15 seconds.</summary>
    public TimeSpan EventHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Failed authentications allowed per client IP in <see cref="AuthenticationFailureWindow"/> before it gets 429. Default 10.</summary>
    public int AuthenticationFailureLimit { get; set; } = 10;

    /// <summary>The window of <see cref="AuthenticationFailureLimit"/>. Default one minute.</summary>
    public TimeSpan AuthenticationFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How the host logs; null logs warnings, one line each, on stderr.</summary>
    public Action<ILoggingBuilder>? Logging { get; set; }
}
