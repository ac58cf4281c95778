using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Paths;
using Microsoft.Extensions.Configuration;

namespace AgentFlow.Engine.Hosting;

/// <summary>
/// Folders a workflow's files may name besides its own folder: the optional <c>allowPaths</c> array of
/// <c>agentflow.json</c> (<c>[ "../shared-data", "/srv/feeds" ]</c>; relative entries from the working directory), then
/// <c>AGENTFLOW__ALLOWPATHS__0</c>, <c>__1</c>, ... which replace the file's entry at that index or add one. Every entry
/// must be an existing folder. Without any, source paths and sub-workflow files stay in each workflow's own folder.
/// </summary>
public static class AllowPathsBinder
{
    /// <summary>Reads <c>allowPaths</c> from <paramref name="configuration"/>.</summary>
    /// <exception cref="ConfigurationException">An entry is empty or not an existing folder; the message names the entry.</exception>
    public static PathConfinement Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var folders = new List<string>();
        foreach (var entry in configuration.GetSection("allowPaths").GetChildren())
        {
            if (configuration.Find($"allowPaths.{entry.Key}") is { } found)
            {
                var setting = found.Setting == $"allowPaths.{entry.Key}" ? $"allowPaths[{entry.Key}]" : found.Setting;
                folders.Add(Folder(setting, found.Value));
            }
            else if (entry.Value is not null)
            {
                folders.Add(Folder($"allowPaths[{entry.Key}]", entry.Value));
            }
        }

        return new PathConfinement(folders);
    }

    private static string Folder(string setting, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ConfigurationException(setting, "is empty; give a folder path, or remove the entry");
        }

        var full = Path.GetFullPath(value, Directory.GetCurrentDirectory());
        return Directory.Exists(full)
            ? full
            : throw new ConfigurationException(setting, $"is '{value}', but {full} is not an existing folder; create it or fix the entry");
    }
}
