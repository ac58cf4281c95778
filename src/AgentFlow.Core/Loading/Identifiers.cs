using System.Text.RegularExpressions;

namespace AgentFlow.Core.Loading;

/// <summary>The rules for node ids, input names and loop variables, which templates read as plain Liquid names.</summary>
public static partial class Identifiers
{
    /// <summary>Names templates already give a meaning to; nothing may be declared with them.</summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "inputs", "run", "error", "forloop", "tablerowloop", "empty", "blank", "nil", "null", "true", "false",
    };

    /// <summary>True when <paramref name="name"/> is a valid, unreserved identifier.</summary>
    public static bool IsValid(string name) => Pattern().IsMatch(name) && !Reserved.Contains(name);

    /// <summary>Why <paramref name="name"/> is not valid, for a diagnostic hint.</summary>
    public static string Explain(string name) => Reserved.Contains(name)
        ? $"'{name}' is reserved in templates; choose another name."
        : "Use letters, digits and '_' only, starting with a letter or '_' (templates read ids as Liquid names).";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
