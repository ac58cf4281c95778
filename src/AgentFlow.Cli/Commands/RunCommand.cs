using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentFlow.Cli.Running;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow run FILE [--input k=v]... [--inputs f.json] [--detach]</c> and <c>agentflow run --resume RUN</c>:
/// starts (or continues) a run with a worker in this process and follows it until it completes (exit 0), fails
/// (3), or must wait for an approval or a long timer, is detached or interrupted (4).
/// </summary>
internal static class RunCommand
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "The workflow file to start a run of (omit with --resume).", Arity = ArgumentArity.ZeroOrOne };
        var input = new Option<string[]>("--input", "-i") { Description = "Give the run an input as NAME=VALUE (repeatable; overrides --inputs); non-string inputs take JSON, arrays also a,b,c.", AllowMultipleArgumentsPerToken = false };
        var inputs = new Option<string?>("--inputs") { Description = "Read the run's inputs from a JSON file holding one object, e.g. {\"topic\": \"LLMOps\"}." };
        var detach = new Option<bool>("--detach") { Description = "Start the run and return at once; a worker (agentflow worker, or run --resume) continues it." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run with this id (e.g. after a crash, Ctrl+C or a long wait) instead of starting one." };
        var runId = new Option<string?>("--run-id") { Description = "Start the run under this id (default: WORKFLOW-xxxxxxxx); an id already used is refused." };
        var timerWait = new Option<int>("--max-timer-wait") { Description = "Keep following the run through a timer due within this many seconds; a later one exits with 4.", DefaultValueFactory = _ => 60 };
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var command = new Command("run", "Run a workflow durably and print its progress and output.") { file, input, inputs, detach, resume, runId, timerWait, dataDir, backend };
        command.SetAction((result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            return CommonOptions.GuardAsync(error, async () =>
            {
                var path = result.GetValue(file);
                var resumed = result.GetValue(resume);
                if ((path is null) == (resumed is null))
                {
                    await error.WriteLineAsync("agentflow run: give a workflow file to start, or --resume RUN to continue a run (not both).").ConfigureAwait(false);
                    return ExitCodes.UsageOrIo;
                }

                if (path is not null && string.IsNullOrWhiteSpace(path))
                {
                    throw new Core.AgentFlowException("the workflow file name is empty");
                }

                if (resumed is not null && string.IsNullOrWhiteSpace(resumed))
                {
                    throw new Core.AgentFlowException("--resume: the run id is empty; agentflow runs lists the runs");
                }

                await using var services = CommonOptions.Services(result, dataDir, backend);
                var given = path is null ? null : await RunInputsReader.ReadAsync(path, result.GetValue(inputs), result.GetValue(input) ?? [], cancellationToken).ConfigureAwait(false);
                await using var session = await CliSession.OpenAsync(services, worker: !result.GetValue(detach), cancellationToken).ConfigureAwait(false);
                string id;
                if (path is not null)
                {
                    var prepared = await session.Client.PrepareAsync(path, given, cancellationToken).ConfigureAwait(false);
                    id = await StartAsync(session, prepared, result.GetValue(runId), error, cancellationToken).ConfigureAwait(false);
                    if (result.GetValue(detach))
                    {
                        await result.InvocationConfiguration.Output.WriteLineAsync(id).ConfigureAwait(false);
                        await error.WriteLineAsync($"detached: a worker continues it (agentflow worker, or agentflow run --resume {id}); watch it with agentflow show {id}").ConfigureAwait(false);
                        return ExitCodes.NotFinished;
                    }
                }
                else
                {
                    id = resumed!;
                    var existing = await session.Client.GetAsync(id, cancellationToken).ConfigureAwait(false)
                        ?? throw new Core.AgentFlowException($"no run '{id}' in {services.Location}; list runs with agentflow runs");
                    await error.WriteLineAsync($"resuming run {id} ({existing.Workflow}, {existing.Status.Name()})").ConfigureAwait(false);
                }

                return await FollowAsync(session, id, TimeSpan.FromSeconds(result.GetValue(timerWait)), result.InvocationConfiguration.Output, error, cancellationToken).ConfigureAwait(false);
            });
        });
        return command;
    }

    private static async Task<string> StartAsync(CliSession session, PreparedRun prepared, string? runId, TextWriter error, CancellationToken cancellationToken)
    {
        if (runId is not null && RunIds.Problem(runId) is { } problem)
        {
            throw new Core.AgentFlowException($"--run-id '{runId}': {problem}");
        }

        if (runId is not null && await session.Client.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new Core.AgentFlowException($"run '{runId}' already exists; choose another --run-id, or continue it with agentflow run --resume {runId}");
        }

        var id = await session.Client.StartAsync(prepared, runId, cancellationToken).ConfigureAwait(false);
        await error.WriteLineAsync($"run {id} started: {prepared.Workflow.Name} (definition {prepared.Definition.Pin[..12]})").ConfigureAwait(false);
        return id;
    }

    internal static async Task<int> FollowAsync(CliSession session, string id, TimeSpan maxTimerWait, TextWriter output, TextWriter error, CancellationToken cancellationToken, Func<RunInfo, bool>? settled = null, RunInfo? shown = null)
    {
        var watcher = new RunWatcher(session.Client, error, interactive: !Console.IsErrorRedirected, maxTimerWait);
        if (shown is not null)
        {
            watcher.SkipFinished(shown);
        }

        RunInfo run;
        try
        {
            run = await watcher.FollowAsync(id, cancellationToken, settled).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"interrupted: run {id} is kept; continue it with agentflow run --resume {id}").ConfigureAwait(false);
            return ExitCodes.NotFinished;
        }

        return await ReportAsync(run, watcher.PrintedFailure(run)?.Node, string.Empty, output, error).ConfigureAwait(false);
    }

    /// <summary>
    /// Says how a followed run ended or what it waits for (<paramref name="failedNode"/>: the failed node whose error
    /// was already printed; <paramref name="via"/>: options the printed commands need, e.g. <c> --server URL</c>),
    /// prints a completed run's output on stdout, and returns the exit code.
    /// </summary>
    internal static async Task<int> ReportAsync(RunInfo run, string? failedNode, string via, TextWriter output, TextWriter error)
    {
        var id = run.RunId;
        switch (run.Status)
        {
            case RunStatus.Completed:
                await error.WriteLineAsync($"run {id} completed").ConfigureAwait(false);
                await output.WriteLineAsync(run.Output?.ToJsonString(Pretty) ?? "null").ConfigureAwait(false);
                return ExitCodes.Ok;
            case RunStatus.Failed or RunStatus.Canceled:
                // The failed node's line above has the error: say where, not the same message again.
                await error.WriteLineAsync(failedNode is not null
                    ? $"run {id} {run.Status.Name()} at node '{failedNode}' (error above)"
                    : $"run {id} {run.Status.Name()}: {run.Error}").ConfigureAwait(false);
                return ExitCodes.RunFailed;
            default:
                foreach (var wait in run.Progress?.Waiting ?? [])
                {
                    var until = wait.Until is { } u ? $" until {u:u}" : string.Empty;
                    await error.WriteLineAsync(wait.Kind switch
                    {
                        WaitKind.Approval => $"run {id} waits for approval at node '{wait.Node}' (approvers: {string.Join(", ", wait.Approvers ?? [])}){until}; to approve: agentflow approve {ShellWord.Quote(id)} {ShellWord.Quote(wait.Node)}{via}",
                        WaitKind.Effect => $"run {id} waits for an operator at node '{wait.Node}': {wait.Reason}; check it, then agentflow effects resolve KEY --done | --repeat (agentflow effects --state started lists the keys)",
                        _ => $"run {id} waits for a timer at node '{wait.Node}'{until}; agentflow worker (or agentflow run --resume {id}) continues it",
                    }).ConfigureAwait(false);
                }

                return ExitCodes.NotFinished;
        }
    }
}
