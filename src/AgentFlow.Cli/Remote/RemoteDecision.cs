using System.Text.Json.Nodes;
using AgentFlow.Cli.Commands;
using AgentFlow.Core;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Remote;

/// <summary>
/// <c>agentflow approve|reject RUN NODE --server URL</c>: decides through the server (which audits it with the token's
/// operator), then follows the run on its event stream like the local command does: node lines on stderr, the output
/// on stdout, exit 0 (completed), 3 (failed or canceled) or 4 (waits again, or still waits for other approvers).
/// </summary>
internal static class RemoteDecision
{
    public static async Task<int> RunAsync(ServerClient server, string runId, string node, bool approve, string? comment, JsonObject? edits, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = RunIds.Root(runId);
        var via = $" --server {server.Address}";

        // Listen first: the run's stream sends its state, then every change, so nothing after the decision is missed.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = server.EventsAsync(root, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            if (!await events.MoveNextAsync().ConfigureAwait(false))
            {
                throw new AgentFlowException($"the server at {server.Address} closed the event stream of run '{root}'");
            }

            var before = Votes(await server.GetRunAsync(root, cancellationToken).ConfigureAwait(false), node);
            await error.WriteLineAsync(await server.DecideAsync(runId, node, approve, comment, edits, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            var run = await SettledAsync(server, root, node, before, cancellationToken).ConfigureAwait(false);
            if (!run.IsFinished && run.Progress?.Waiting.Any(w => w.Node == node) == true)
            {
                // A quorum that needs more decisions: this one counted, the others are still to come.
                return await RunCommand.ReportAsync(run, null, via, output, error).ConfigureAwait(false);
            }

            string? failedNode = null;
            while (!run.IsFinished && await events.MoveNextAsync().ConfigureAwait(false))
            {
                var (type, sequence, data) = events.Current;
                if (sequence == 0)
                {
                    continue;
                }

                var at = data["node"]?.GetValue<string>();
                switch (type)
                {
                    case "node-completed":
                        await error.WriteLineAsync($"  ok {at} ({data["kind"]?.GetValue<string>()})").ConfigureAwait(false);
                        break;
                    case "node-failed":
                        failedNode = at;
                        await error.WriteLineAsync($"  failed {at} ({data["kind"]?.GetValue<string>()}): {data["error"]?.GetValue<string>()}").ConfigureAwait(false);
                        break;
                    case "node-waiting":
                    case "run" when data["status"]?.GetValue<string>() is "completed" or "failed" or "canceled":
                        run = await server.GetRunAsync(root, cancellationToken).ConfigureAwait(false) ?? run;
                        if (run.IsFinished || run.Status == RunStatus.Waiting)
                        {
                            return await RunCommand.ReportAsync(run, failedNode, via, output, error).ConfigureAwait(false);
                        }

                        break;
                }
            }

            return await RunCommand.ReportAsync(run, failedNode, via, output, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"interrupted: the decision stands; the server continues run {root} (agentflow show {root}{via})").ConfigureAwait(false);
            return ExitCodes.NotFinished;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
            {
            }
        }
    }

    private static int? Votes(RunInfo? run, string node) =>
        run?.Progress?.Waiting.FirstOrDefault(w => w.Node == node) is { } wait ? wait.Votes?.Count ?? 0 : null;

    /// <summary>The run once it has counted the decision: the approval no longer waits, or it has one more vote.</summary>
    private static async Task<RunInfo> SettledAsync(ServerClient server, string root, string node, int? before, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var run = await server.GetRunAsync(root, cancellationToken).ConfigureAwait(false)
                ?? throw new AgentFlowException($"run '{root}' is gone from the server at {server.Address}");
            var votes = Votes(run, node);
            if (run.IsFinished || votes is null || votes > (before ?? 0) || DateTime.UtcNow > deadline)
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }
}
