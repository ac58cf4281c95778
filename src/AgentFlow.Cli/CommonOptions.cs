using System.CommandLine;
using AgentFlow.Abstractions.Configuration;
using AgentFlow.Core;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli;

/// <summary>Options every run command takes, and the one place that turns failures into messages and exit codes.</summary>
internal static class CommonOptions
{
    public static Option<string?> DataDirectory() => new("--data-dir") { Description = "Data directory of the embedded backend (default .agentflow, or agentflow.json / AGENTFLOW__DATADIRECTORY)." };

    /// <summary><c>--server URL</c>: read and decide through a running <c>agentflow serve</c> instead of the data directory.</summary>
    public static Option<string?> Server() => new("--server") { Description = "Talk to a running agentflow serve at this URL (e.g. http://127.0.0.1:5080) instead of the data directory, with the operator's --token (default: AGENTFLOW_SERVER)." };

    /// <summary>The client of <c>--server</c> (else <c>AGENTFLOW_SERVER</c>), or null to use the data directory.</summary>
    public static Remote.ServerClient? ServerClient(ParseResult result, Option<string?> server, string? token) =>
        (result.GetValue(server) ?? Environment.GetEnvironmentVariable("AGENTFLOW_SERVER")) is { } url && !string.IsNullOrWhiteSpace(url)
            ? Remote.ServerClient.Create(url, Commands.OperatorsCommand.TokenOf(token))
            : null;

    public static Option<string?> Backend() => new("--backend") { Description = "Durable backend: sqlite (embedded default) or azure-storage." };

    /// <summary>A run id argument; an empty one is a usage error, not a lookup.</summary>
    public static Argument<string> RunId(string description = "The run id (see agentflow runs).") =>
        NonEmpty("run", description, "the run id is empty; agentflow runs lists the runs");

    /// <summary>A required argument that may not be empty or blank (<paramref name="problem"/> says so).</summary>
    public static Argument<string> NonEmpty(string name, string description, string problem)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
            {
                r.AddError(problem);
            }
        });
        return argument;
    }

    /// <summary>The command's composition, from its <c>--data-dir</c> and <c>--backend</c> options (when it has them).</summary>
    public static CliServices Services(ParseResult result, Option<string?> dataDirectory, Option<string?>? backend, bool runEvents = false) =>
        CliServices.Create(result.GetValue(dataDirectory), backend is null ? null : result.GetValue(backend), runEvents);

    /// <summary>Runs a command body; user-facing failures become one message on stderr and an exit code, never a stack trace.</summary>
    public static async Task<int> GuardAsync(TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (WorkflowInvalidException ex)
        {
            foreach (var diagnostic in ex.Diagnostics.Where(d => d.IsError))
            {
                await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            await error.WriteLineAsync(ex.Diagnostics.Count == 0 ? $"agentflow: {ex.Message}" : $"agentflow: {ex.File}: invalid workflow; nothing was started.").ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        catch (RunInputException ex)
        {
            await LinesAsync(error, "invalid inputs; nothing was started", ex.Problems).ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        catch (WorkflowNotRunnableException ex)
        {
            await LinesAsync(error, "this workflow cannot run here; nothing was started", ex.Problems).ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        catch (ConfigurationException ex)
        {
            // Like an invalid workflow: what AgentFlow was given cannot work, and nothing was started.
            await error.WriteLineAsync($"agentflow: configuration: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        catch (Remote.ServerProblem ex) when (ex.IsRefusal)
        {
            await error.WriteLineAsync($"agentflow: refused: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or AgentFlowException)
        {
            await error.WriteLineAsync($"agentflow: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failure AgentFlow did not foresee: still one line, the details only when asked for.
            await error.WriteLineAsync(CliLogging.Verbose
                ? $"agentflow: unexpected error: {ex}"
                : $"agentflow: unexpected error: {ex.GetType().Name}: {ex.Message} (run with --verbose for details, and please report it)").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
    }

    private static async Task LinesAsync(TextWriter error, string title, IEnumerable<string> lines)
    {
        await error.WriteLineAsync($"agentflow: {title}:").ConfigureAwait(false);
        foreach (var line in lines)
        {
            await error.WriteLineAsync($"  - {line}").ConfigureAwait(false);
        }
    }
}
