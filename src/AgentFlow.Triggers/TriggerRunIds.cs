using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Triggers;

/// <summary>
/// Run ids of trigger occasions, derived from workflow, trigger and key only, so every host (and a host restarted
/// between starting a run and recording it) names an occasion's run the same way and the backend starts it once.
/// </summary>
public static class TriggerRunIds
{
    /// <summary>The format of a schedule tick's key: its UTC time, ISO-8601 (<c>2026-12-07T07:00:00Z</c>).</summary>
    public const string TickKeyFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The key of a schedule tick: its UTC time to the second (<c>2026-12-07T07:00:00Z</c>), or to the millisecond when it has one.</summary>
    public static string TickKey(DateTimeOffset tick) =>
        tick.UtcDateTime.ToString(tick.Millisecond == 0 ? TickKeyFormat : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The run id of <paramref name="key"/> for the trigger: readable for a schedule's tick
    /// (<c>newsletter-weekly-20261207T070000Z</c>) or manual tick (<c>newsletter-weekly-manual-639...</c>),
    /// <c>WORKFLOW-TRIGGER-HASH16</c> (SHA-256 of <c>workflow\ntrigger\nkey</c>) otherwise or when the readable id
    /// would be too long or not a valid run id.
    /// </summary>
    public static string For(string workflow, string trigger, TriggerKind kind, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflow);
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        ArgumentNullException.ThrowIfNull(key);
        if (kind == TriggerKind.Schedule && Readable(key) is { } suffix && $"{workflow}-{trigger}-{suffix}" is var readable && RunIds.Problem(readable) is null)
        {
            return readable;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{workflow}\n{trigger}\n{key}")))[..16];
        var id = $"{workflow}-{trigger}-{hash}";
        return RunIds.Problem(id) is null ? id : $"trigger-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{workflow}\n{trigger}\n{key}")))[..32]}";
    }

    private static string? Readable(string key)
    {
        if (DateTimeOffset.TryParseExact(key, [TickKeyFormat, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var tick))
        {
            var utc = tick.UtcDateTime;
            return utc.ToString(utc.Millisecond == 0 ? "yyyyMMdd'T'HHmmss'Z'" : "yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        }

        return key.StartsWith("manual-", StringComparison.Ordinal) && key.Length > 7 && key[7..].All(char.IsAsciiDigit) ? key : null;
    }
}
