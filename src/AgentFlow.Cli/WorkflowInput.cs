using AgentFlow.Core.Loading;

namespace AgentFlow.Cli;

/// <summary>Loads a workflow file for a command, turning I/O failures into one clear line on stderr.</summary>
internal static class WorkflowInput
{
    /// <summary>The loaded document, or null after printing why the file could not be read.</summary>
    public static async Task<WorkflowDocument?> TryLoadAsync(string file, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await WorkflowLoader.LoadFileAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            await error.WriteLineAsync($"agentflow: {file}: no such file").ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException)
        {
            await error.WriteLineAsync($"agentflow: {file}: no such file or directory").ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"agentflow: {file}: permission denied").ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"agentflow: {ex.Message}").ConfigureAwait(false);
        }

        return null;
    }
}
