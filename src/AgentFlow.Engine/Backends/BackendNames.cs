using AgentFlow.Abstractions.Configuration;

namespace AgentFlow.Engine.Backends;

/// <summary>The one place that turns backend names into <see cref="BackendKind"/> and back.</summary>
public static class BackendNames
{
    /// <summary>The names accepted in configuration.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<BackendKind>().Select(Name)];

    /// <summary>The configuration name of <paramref name="kind"/>.</summary>
    public static string Name(this BackendKind kind) => kind switch
    {
        BackendKind.Sqlite => "sqlite",
        BackendKind.AzureStorage => "azure-storage",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a configured name (case-insensitive).</summary>
    /// <exception cref="ConfigurationException">The name is not a backend; the message lists the choices.</exception>
    public static BackendKind Parse(string name, string setting = "backend")
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Trim();
        foreach (var kind in Enum.GetValues<BackendKind>())
        {
            if (string.Equals(kind.Name(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new ConfigurationException(setting, $"unknown backend '{name}'; use one of: {string.Join(", ", All)}.");
    }
}
