using System.CommandLine;
using System.Text.Json;
using AgentFlow.Cli.Running;
using AgentFlow.Engine.Replay;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow replay RUN [--from NODE] [--set PATH=VALUE]... [--model NAME] [--format table|json] [--no-wait]</c>:
/// forks a finished run into a new run of its patched definition that reuses what the run recorded (no tool is called
/// again, no mail sent twice), follows it, and prints the diff of node outputs and of the final output (exit 0 when the
/// fork completed, 3 when it failed, 4 when it waits or with <c>--no-wait</c>).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var run = CommonOptions.RunId("The finished (completed or failed) run to fork.");
        var from = new Option<string?>("--from") { Description = "Fork at this node (a node id, map bodies included): every visit before it reuses its recorded output. Default: the first node the --set/--model changes touch." };
        var set = new Option<string[]>("--set") { Description = "Patch the run's workflow: PATH=VALUE, e.g. nodes.draft.prompt=\"Be brief\" or agents.editor.model=gpt (repeatable; VALUE is JSON when it parses as JSON).", AllowMultipleArgumentsPerToken = false };
        var model = new Option<string?>("--model") { Description = "Make every agent use this model of the workflow's models in the fork." };
        var format = new Option<string>("--format") { Description = "Output format: table (the diff, one line per node visit) or json (one document: the diff with whole values).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var noWait = new Option<bool>("--no-wait") { Description = "Start the fork and print its id without following it (a worker runs it; agentflow show FORK, or GET /api/runs/FORK/diff later)." };
        var timerWait = new Option<int>("--max-timer-wait") { Description = "Keep following the fork through a timer due within this many seconds.", DefaultValueFactory = _ => 60 };
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var command = new Command("replay", "Fork a finished run with changes (what-if): reuse its recorded tool calls, retrievals and approvals, re-run the changed steps, and diff the outputs.")
        {
            run, from, set, model, format, noWait, timerWait, dataDir, backend,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            var output = result.InvocationConfiguration.Output;
            return CommonOptions.GuardAsync(error, async () =>
            {
                var request = new ReplayRequest(result.GetValue(run)!, result.GetValue(from), result.GetValue(set) ?? [], result.GetValue(model));
                await using var services = CommonOptions.Services(result, dataDir, backend);
                var detached = result.GetValue(noWait);
                await using var session = await CliSession.OpenAsync(services, worker: !detached, cancellationToken).ConfigureAwait(false);
                ReplayStart start;
                try
                {
                    start = await session.Client.ReplayAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (ReplayRefusedException ex)
                {
                    await error.WriteLineAsync($"agentflow replay: {ex.Message}; nothing was started").ConfigureAwait(false);
                    return ex.Refusal == ReplayRefusal.BadRequest ? ExitCodes.Invalid : ExitCodes.UsageOrIo;
                }

                await error.WriteLineAsync($"fork {start.RunId} of run {request.RunId} started: {DiffText.Describe(start.Fork)}; {start.Recorded} recorded visit(s) to reuse").ConfigureAwait(false);
                if (detached)
                {
                    await output.WriteLineAsync(start.RunId).ConfigureAwait(false);
                    await error.WriteLineAsync($"not waiting: a worker runs it (agentflow worker, or agentflow run --resume {start.RunId}); compare later with agentflow show {start.RunId}").ConfigureAwait(false);
                    return ExitCodes.NotFinished;
                }

                var watcher = new RunWatcher(session.Client, error, interactive: !Console.IsErrorRedirected, TimeSpan.FromSeconds(result.GetValue(timerWait)));
                RunInfo fork;
                try
                {
                    fork = await watcher.FollowAsync(start.RunId, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await error.WriteLineAsync($"interrupted: fork {start.RunId} is kept; continue it with agentflow run --resume {start.RunId}").ConfigureAwait(false);
                    return ExitCodes.NotFinished;
                }

                if (fork.Status is not (RunStatus.Completed or RunStatus.Failed))
                {
                    return await RunCommand.ReportAsync(fork, null, string.Empty, TextWriter.Null, error).ConfigureAwait(false);
                }

                var diff = await session.Client.DiffAsync(fork.RunId, request.RunId, cancellationToken).ConfigureAwait(false);
                if (result.GetValue(format) == "json")
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(diff, CliJson.Indented)).ConfigureAwait(false);
                }
                else
                {
                    await DiffText.WriteAsync(output, diff).ConfigureAwait(false);
                }

                await error.WriteLineAsync($"fork {fork.RunId} {fork.Status.Name()}{(fork.Error is { } e ? $": {e}" : string.Empty)}").ConfigureAwait(false);
                return fork.Status == RunStatus.Completed ? ExitCodes.Ok : ExitCodes.RunFailed;
            });
        });
        return command;
    }
}
