using AgentFlow.Abstractions.Configuration;
using AgentFlow.Agents.Tools;
using AgentFlow.Core.Model;

namespace AgentFlow.Cli.Configuration;

/// <summary>
/// SMTP for <c>email</c> tools: the optional <c>smtp</c> object of <c>agentflow.json</c>
/// (<c>{ "host", "port", "username", "passwordEnv", "security", "timeout" }</c>), then <c>AGENTFLOW__SMTP__HOST</c>,
/// <c>__PORT</c>, <c>__USERNAME</c>, <c>__PASSWORDENV</c>, <c>__SECURITY</c>, <c>__TIMEOUT</c>. The password itself is
/// never a setting: <c>passwordEnv</c> names the environment variable that holds it.
/// </summary>
internal static partial class CliSettings
{
    public static SmtpOptions LoadSmtp()
    {
        var configuration = CliConfiguration.Build();
        var smtp = new SmtpOptions();
        configuration.Bind("smtp.host", v => smtp.Host = v);
        configuration.Bind("smtp.port", CliConfiguration.Integer(1, 65535, "use a port number such as 587 (STARTTLS), 465 (ssl) or 25"), v => smtp.Port = v);
        configuration.Bind("smtp.username", v => smtp.Username = v);
        configuration.Bind("smtp.passwordEnv", v => smtp.PasswordEnv = v);
        configuration.Bind("smtp.security", SmtpSecurityOf, v => smtp.Security = v);
        configuration.Bind("smtp.timeout", SmtpTimeout, v => smtp.Timeout = v);
        return smtp;
    }

    private static SmtpSecurity SmtpSecurityOf(string text, string setting) =>
        SmtpOptions.TryParseSecurity(text, out var security)
            ? security
            : throw new ConfigurationException(setting, $"is '{text}'; use auto, none, starttls or ssl");

    private static TimeSpan SmtpTimeout(string text, string setting) =>
        IsoDuration.TryParse(text, out var timeout)
            ? timeout
            : throw new ConfigurationException(setting, $"is '{text}'; use an ISO-8601 duration such as PT30S");
}
