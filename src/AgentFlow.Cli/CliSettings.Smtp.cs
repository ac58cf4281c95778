using System.Globalization;
using System.Text.Json;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Agents.Tools;
using AgentFlow.Core.Model;

namespace AgentFlow.Cli;

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
        var smtp = new SmtpOptions();
        if (ReadRoot() is { } root && root.TryGetProperty("smtp", out var section))
        {
            ReadSmtp(section, smtp);
        }

        Env("SMTP__HOST", v => smtp.Host = v);
        Env("SMTP__PORT", v => smtp.Port = SmtpPort(v, "AGENTFLOW__SMTP__PORT"));
        Env("SMTP__USERNAME", v => smtp.Username = v);
        Env("SMTP__PASSWORDENV", v => smtp.PasswordEnv = v);
        Env("SMTP__SECURITY", v => smtp.Security = SmtpSecurityOf(v, "AGENTFLOW__SMTP__SECURITY"));
        Env("SMTP__TIMEOUT", v => smtp.Timeout = SmtpTimeout(v, "AGENTFLOW__SMTP__TIMEOUT"));
        return smtp;
    }

    private static void ReadSmtp(JsonElement section, SmtpOptions smtp)
    {
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException("smtp", "must be an object, e.g. { \"host\": \"smtp.example.com\", \"username\": \"bot\", \"passwordEnv\": \"SMTP_PASSWORD\" }");
        }

        if (section.TryGetProperty("password", out _))
        {
            throw new ConfigurationException("smtp.password", "passwords are not read from agentflow.json; put it in an environment variable and name that variable in smtp.passwordEnv");
        }

        smtp.Host = Text(section, "host") ?? smtp.Host;
        smtp.Username = Text(section, "username") ?? smtp.Username;
        smtp.PasswordEnv = Text(section, "passwordEnv") ?? smtp.PasswordEnv;
        if (section.TryGetProperty("port", out var port))
        {
            smtp.Port = SmtpPort(port.ValueKind == JsonValueKind.Number ? port.GetRawText() : port.ToString(), "smtp.port");
        }

        if (Text(section, "security") is { } security)
        {
            smtp.Security = SmtpSecurityOf(security, "smtp.security");
        }

        if (Text(section, "timeout") is { } timeout)
        {
            smtp.Timeout = SmtpTimeout(timeout, "smtp.timeout");
        }
    }

    private static int SmtpPort(string text, string setting) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ConfigurationException(setting, $"is '{text}'; use a port number such as 587 (STARTTLS), 465 (ssl) or 25");

    private static SmtpSecurity SmtpSecurityOf(string text, string setting) =>
        SmtpOptions.TryParseSecurity(text, out var security)
            ? security
            : throw new ConfigurationException(setting, $"is '{text}'; use auto, none, starttls or ssl");

    private static TimeSpan SmtpTimeout(string text, string setting) =>
        IsoDuration.TryParse(text, out var timeout)
            ? timeout
            : throw new ConfigurationException(setting, $"is '{text}'; use an ISO-8601 duration such as PT30S");
}
