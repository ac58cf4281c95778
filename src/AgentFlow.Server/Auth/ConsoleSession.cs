namespace AgentFlow.Server.Auth;

/// <summary>A signed-in console session, kept only in the server's memory (the cookie holds a random id, never the token).</summary>
/// <param name="Operator">The operator's name; their roles are read again from the operator store on every request.</param>
/// <param name="CsrfToken">The value the console must send as <c>X-CSRF-Token</c> with every state-changing request.</param>
/// <param name="Expires">When the session ends, however active (UTC).</param>
public sealed record ConsoleSession(string Operator, string CsrfToken, DateTimeOffset Expires);
