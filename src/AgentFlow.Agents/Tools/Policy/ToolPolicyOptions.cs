namespace AgentFlow.Agents.Tools.Policy;

/// <summary>
/// The host's ceilings over what workflows' tools may reach: set by whoever configures the host (<c>tools</c> object of
/// <c>agentflow.json</c>, <c>AGENTFLOW__TOOLS__*</c>, or code), never by a workflow file. A workflow's own allow-lists
/// can only narrow them. A tool that reaches beyond a ceiling is refused before its run starts, and again at call time.
/// </summary>
public sealed class ToolPolicyOptions
{
    /// <summary>The setting that lists the MCP server commands tools may start.</summary>
    public const string McpAllowCommandsSetting = "tools.mcp.allowCommands";

    /// <summary>The setting that lists the hosts http tools may call.</summary>
    public const string HttpAllowHostsSetting = "tools.http.allowHosts";

    /// <summary>The setting that lists the recipients' domains email tools may send to.</summary>
    public const string EmailAllowDomainsSetting = "tools.email.allowDomains";

    /// <summary>The setting that turns <see cref="Strict"/> on.</summary>
    public const string StrictSetting = "tools.strict";

    /// <summary>
    /// Strict defaults for a host that runs other people's workflows (the HTTP server sets it): without
    /// <see cref="McpAllowCommands"/> no <c>mcp</c> tool may start a process, and http tools reach private and loopback
    /// addresses only when <see cref="HttpAllowHosts"/> names them. Default false: the CLI runs the user's own files on
    /// the user's machine, so a workflow may call a loopback or private address it names literally.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>
    /// Commands <c>mcp</c> tools may start, one per entry: an executable (an absolute path, or a name looked up on
    /// <c>PATH</c>) optionally followed by the arguments the tool's <c>args</c> must start with, separated by spaces
    /// (double quotes keep a token with spaces together): <c>"/usr/bin/node server.js"</c>,
    /// <c>"uvx mcp-server-fetch"</c>. Null (the default) sets no ceiling; see <see cref="Strict"/>.
    /// </summary>
    public IReadOnlyList<string>? McpAllowCommands { get; set; }

    /// <summary>
    /// Hosts http tools may call, in the format of a tool's <c>allowHosts</c> (<c>api.example.com</c>,
    /// <c>127.0.0.1:8080</c>, <c>[::1]</c>), plus <c>*</c> for every public host. Every entry of a tool's
    /// <c>allowHosts</c> must fall within it. Loopback, link-local, cloud metadata and (in strict mode) private
    /// addresses are reached only when an entry names them (or the host name that resolves to them); <c>*</c> does not.
    /// Null (the default) sets no ceiling.
    /// </summary>
    public IReadOnlyList<string>? HttpAllowHosts { get; set; }

    /// <summary>
    /// Recipients' domains email tools may send to (<c>example.com</c>; exact, case-insensitive). Every entry of a tool's
    /// <c>allowDomains</c> must be one of them, and every recipient must be in one. Null (the default) sets no ceiling.
    /// </summary>
    public IReadOnlyList<string>? EmailAllowDomains { get; set; }
}
