namespace AgentFlow.Cli;

/// <summary>Expands the paths given on the command line into workflow files.</summary>
internal static class WorkflowFiles
{
    /// <summary>Files as given, and the <c>*.json</c> files directly inside each directory given (sorted).</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, TextWriter error, ref bool ioError)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    error.WriteLine($"agentflow: {path}: directory contains no .json workflow files");
                    ioError = true;
                }

                files.AddRange(found);
            }
            else
            {
                files.Add(path);
            }
        }

        return files;
    }
}
