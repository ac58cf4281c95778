namespace AgentFlow.Core.Json;

/// <summary>Builds JSON paths in the <c>$.a.b[0]['odd key']</c> notation used by every diagnostic.</summary>
public static class JsonPaths
{
    /// <summary>The document root.</summary>
    public const string Root = "$";

    /// <summary>The path of property <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Property(string parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(name);
        return IsPlain(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    /// <summary>The path of element <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => $"{parent}[{index}]";

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$'))
            {
                return false;
            }
        }

        return true;
    }
}
