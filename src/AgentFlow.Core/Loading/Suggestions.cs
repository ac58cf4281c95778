namespace AgentFlow.Core.Loading;

/// <summary>"Did you mean ...?" hints by edit distance.</summary>
public static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="word"/>, if it is close enough to be a likely typo.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Max(1, Math.Min(word.Length, best.Length) / 3) ? best : null;
    }

    /// <summary>A hint sentence: "did you mean 'x'?" or the list of valid values.</summary>
    public static string Hint(string word, IReadOnlyCollection<string> candidates, string what)
    {
        var closest = Closest(word, candidates);
        if (closest is not null)
        {
            return $"Did you mean '{closest}'?";
        }

        return candidates.Count == 0
            ? $"None are declared."
            : candidates.Count <= 16
                ? $"Valid {what}: {string.Join(", ", candidates)}."
                : $"See the declared {what}.";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
