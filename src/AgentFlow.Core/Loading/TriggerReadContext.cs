using System.Text.RegularExpressions;
using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Loading;

/// <summary>What a trigger kind's reader is handed beside its fields: the trigger's name and path, and the sink for kind-specific problems.</summary>
/// <param name="Name">The trigger's name.</param>
/// <param name="Path">JSON path of the trigger object.</param>
/// <param name="Sink">Where kind-specific problems are reported.</param>
internal sealed partial record TriggerReadContext(string Name, string Path, DiagnosticSink Sink)
{
    /// <summary>How messages name the trigger, e.g. <c>trigger 'weekly'</c>.</summary>
    public string What => $"trigger '{Name}'";

    /// <summary>Reports AF504 when <paramref name="field"/> (e.g. <c>passwordEnv</c>) is not an environment variable name.</summary>
    public void CheckEnvironmentVariable(ObjectReader r, string field, string holds, string example)
    {
        if (r.String(field) is { } name && !EnvironmentVariableName().IsMatch(name))
        {
            Sink.Error(
                DiagnosticCodes.InvalidEnvironmentVariableName,
                r.PathOf(field),
                $"'{field}' of {What} is '{Shorten(name)}', which is not an environment variable name",
                $"Name the environment variable that holds the {holds}, e.g. \"{example}\" (letters, digits and '_', not starting with a digit), and set it where the host runs; never write the {holds} itself.");
        }
    }

    // The value may be a secret pasted by mistake: show only its start.
    private static string Shorten(string text) => text.Length <= 12 ? text : text[..4] + "…";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentVariableName();
}
