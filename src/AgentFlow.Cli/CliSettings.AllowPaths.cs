using System.Text.Json;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core.Paths;

namespace AgentFlow.Cli;

/// <summary>
/// Folders a workflow's files may name besides its own folder: the optional <c>allowPaths</c> array of
/// <c>agentflow.json</c> (<c>[ "../shared-data", "/srv/feeds" ]</c>; relative entries from the folder of agentflow.json,
/// the working directory), then <c>AGENTFLOW__ALLOWPATHS__0</c>, <c>__1</c>, ... which replace the file's entry at
/// that index or add one. Every entry must be an existing folder. Without any, source paths and sub-workflow files stay
/// in each workflow's own folder.
/// </summary>
internal static partial class CliSettings
{
    public static PathConfinement LoadAllowPaths()
    {
        var entries = new List<(string Setting, string Value)>();
        if (ReadRoot() is { } root && root.TryGetProperty("allowPaths", out var section))
        {
            if (section.ValueKind != JsonValueKind.Array)
            {
                throw new ConfigurationException("allowPaths", "must be an array of folders, e.g. [ \"../shared-data\" ]");
            }

            var index = 0;
            foreach (var item in section.EnumerateArray())
            {
                var setting = $"allowPaths[{index++}]";
                entries.Add(item.ValueKind == JsonValueKind.String
                    ? (setting, item.GetString()!)
                    : throw new ConfigurationException(setting, $"is {item.GetRawText()}; each entry is a folder path written as a string"));
            }
        }

        for (var i = 0; Environment.GetEnvironmentVariable($"AGENTFLOW__ALLOWPATHS__{i}") is { Length: > 0 } value; i++)
        {
            var entry = ($"AGENTFLOW__ALLOWPATHS__{i}", value);
            if (i < entries.Count)
            {
                entries[i] = entry;
            }
            else
            {
                entries.Add(entry);
            }
        }

        return new PathConfinement(entries.Select(e => Folder(e.Setting, e.Value)));
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
