using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentFlow.Core.Model;

/// <summary>Parses ISO-8601 durations (<c>PT30S</c>, <c>P1DT2H</c>, <c>P2W</c>) into <see cref="TimeSpan"/>.</summary>
/// <remarks>Years and months are calendar-dependent; they count as 365 and 30 days, as most schedulers do.</remarks>
public static partial class IsoDuration
{
    /// <summary>Parses a positive duration; false for anything else (including zero and negative values).</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        double Part(string name) =>
            match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;

        var days = (Part("y") * 365) + (Part("mo") * 30) + (Part("w") * 7) + Part("d");
        var seconds = (Part("h") * 3600) + (Part("mi") * 60) + Part("s");
        var total = (days * 86400) + seconds;
        if (total <= 0 || total > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>Formats a duration the way the language writes it, e.g. <c>PT1H30M</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var text = "P";
        if (duration.Days > 0)
        {
            text += $"{duration.Days}D";
        }

        var time = (duration.Hours > 0 ? $"{duration.Hours}H" : string.Empty)
            + (duration.Minutes > 0 ? $"{duration.Minutes}M" : string.Empty)
            + (duration.Seconds > 0 || duration.Milliseconds > 0
                ? (duration.TotalSeconds % 60).ToString("0.###", CultureInfo.InvariantCulture) + "S"
                : string.Empty);
        return time.Length > 0 ? $"{text}T{time}" : text.Length > 1 ? text : "PT0S";
    }

    [GeneratedRegex(
        @"^P(?!$)(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?=\d)(?:(?<h>\d+)H)?(?:(?<mi>\d+)M)?(?:(?<s>\d+(?:\.\d+)?)S)?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
