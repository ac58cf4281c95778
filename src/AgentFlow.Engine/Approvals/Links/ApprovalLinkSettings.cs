using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Model;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Engine.Approvals.Links;

/// <summary>Reads <see cref="ApprovalLinkOptions"/> from <c>server.publicUrl</c> and <c>notifications.linkLifetime</c>.</summary>
public static class ApprovalLinkSettings
{
    /// <summary>Applies the settings that have a value.</summary>
    /// <exception cref="ConfigurationException">A value is malformed; the message names the setting as its layer spells it.</exception>
    public static void Bind(ApprovalLinkOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Bind("server.publicUrl", PublicUrl, v => options.PublicUrl = v);
        configuration.Bind("notifications.linkLifetime", Lifetime, v => options.Lifetime = v);
    }

    private static Uri PublicUrl(string text, string setting) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment) && string.IsNullOrEmpty(url.UserInfo)
            ? url
            : throw new ConfigurationException(setting, $"is '{text}'; give the address people open the server at, such as https://agentflow.example.com/ (http or https, no query)");

    private static TimeSpan Lifetime(string text, string setting) =>
        IsoDuration.TryParse(text, out var lifetime)
            ? lifetime
            : throw new ConfigurationException(setting, $"is '{text}'; use an ISO-8601 duration such as PT72H or P3D");
}
