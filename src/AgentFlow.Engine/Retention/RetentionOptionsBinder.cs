using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Model;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Engine.Retention;

/// <summary>
/// Binds <see cref="RetentionOptions"/> from <c>retention.completed</c>, <c>retention.failed</c> and
/// <c>retention.interval</c>: positive ISO-8601 durations (<c>P30D</c>, <c>PT12H</c>). A value that cannot be read is
/// a <see cref="ConfigurationException"/> naming the setting as its layer spells it.
/// </summary>
public static class RetentionOptionsBinder
{
    /// <summary>Binds <paramref name="options"/> from <paramref name="configuration"/>; unset and empty keys keep the defaults.</summary>
    /// <exception cref="ConfigurationException">A value is not a positive ISO-8601 duration.</exception>
    public static void Bind(RetentionOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Bind("retention.completed", Duration, v => options.Completed = v);
        configuration.Bind("retention.failed", Duration, v => options.Failed = v);
        configuration.Bind("retention.interval", Duration, v => options.Interval = v);
    }

    private static TimeSpan Duration(string text, string setting) =>
        IsoDuration.TryParse(text.Trim(), out var duration)
            ? duration
            : throw new ConfigurationException(setting, $"is '{text}'; give a positive ISO-8601 duration such as P30D (30 days) or PT12H (12 hours)");
}
