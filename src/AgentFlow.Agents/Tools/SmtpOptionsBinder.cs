using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Model;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// Binds <see cref="SmtpOptions"/> from the optional <c>smtp</c> object of <c>agentflow.json</c>
/// (<c>{ "host", "port", "username", "passwordEnv", "security", "timeout", "allowInsecureAuth" }</c>), then
/// <c>AGENTFLOW__SMTP__HOST</c>, <c>__PORT</c>, <c>__USERNAME</c>, <c>__PASSWORDENV</c>, <c>__SECURITY</c>, <c>__TIMEOUT</c>,
/// <c>__ALLOWINSECUREAUTH</c>. The password itself is
/// never a setting: <c>passwordEnv</c> names the environment variable that holds it.
/// </summary>
public static class SmtpOptionsBinder
{
    /// <summary>Binds <paramref name="options"/> from <paramref name="configuration"/>.</summary>
    /// <exception cref="ConfigurationException">A value cannot be read; the message names the setting.</exception>
    public static void Bind(SmtpOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Bind("smtp.host", v => options.Host = v);
        configuration.Bind("smtp.port", ConfigurationSettings.WholeNumber(1, 65535, "use a port number such as 587 (STARTTLS), 465 (ssl) or 25"), v => options.Port = v);
        configuration.Bind("smtp.username", v => options.Username = v);
        configuration.Bind("smtp.passwordEnv", v => options.PasswordEnv = v);
        configuration.Bind("smtp.security", Security, v => options.Security = v);
        configuration.Bind("smtp.timeout", Timeout, v => options.Timeout = v);
        configuration.Bind("smtp.allowInsecureAuth", Flag, v => options.AllowInsecureAuth = v);
    }

    private static bool Flag(string text, string setting) =>
        bool.TryParse(text, out var flag) ? flag : throw new ConfigurationException(setting, $"is '{text}'; use true or false");

    private static SmtpSecurity Security(string text, string setting) =>
        SmtpOptions.TryParseSecurity(text, out var security)
            ? security
            : throw new ConfigurationException(setting, $"is '{text}'; use auto, none, starttls or ssl");

    private static TimeSpan Timeout(string text, string setting) =>
        IsoDuration.TryParse(text, out var timeout)
            ? timeout
            : throw new ConfigurationException(setting, $"is '{text}'; use an ISO-8601 duration such as PT30S");
}
