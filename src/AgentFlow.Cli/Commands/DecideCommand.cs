using System.CommandLine;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow approve|reject RUN NODE [--comment] [--set field=value] [--server URL]</c>: decides as the authenticated
/// operator, then hosts a worker and follows the run like <c>run --resume</c> (exit 0/3/4), or exits 5 when refused.
/// With <c>--server</c>, the server decides and runs it (<see cref="Remote.RemoteDecision"/>).
/// </summary>
internal static class DecideCommand
{
    public static Command Create(bool approve)
    {
        var run = CommonOptions.RunId("The run id (the run you started; see agentflow approvals).");
        var node = CommonOptions.NonEmpty("node", "The approval node's path, as agentflow approvals and run print it (call.review inside a sub-workflow, each[3].ok inside a map item).", "the node is empty; agentflow approvals lists the waiting nodes");
        var comment = new Option<string?>("--comment") { Description = "Say why you decide so; the comment is kept in the audit log." };
        var set = new Option<string[]>("--set") { Description = "Edit a shown value before approving: FIELD=VALUE (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var token = OperatorsCommand.Token();
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var server = CommonOptions.Server();
        var command = new Command(approve ? "approve" : "reject", approve ? "Approve a waiting approval node and continue the run." : "Reject a waiting approval node and continue the run.")
        {
            run, node, comment, token, dataDir, backend, server,
        };
        if (approve)
        {
            command.Add(set);
        }

        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var error = result.InvocationConfiguration.Error;
            using (var remote = CommonOptions.ServerClient(result, server, result.GetValue(token)))
            {
                if (remote is not null)
                {
                    if (OperatorsCommand.TokenOf(result.GetValue(token)) is null)
                    {
                        await error.WriteLineAsync("agentflow: no operator token: pass --token or set AGENTFLOW_TOKEN (an admin adds operators: agentflow operators add NAME, or POST /api/operators)").ConfigureAwait(false);
                        return ExitCodes.UsageOrIo;
                    }

                    return await Remote.RemoteDecision.RunAsync(remote, result.GetValue(run)!, result.GetValue(node)!, approve, result.GetValue(comment), Edits(result.GetValue(set) ?? []), result.InvocationConfiguration.Output, error, cancellationToken).ConfigureAwait(false);
                }
            }

            await using var services = CommonOptions.Services(result, dataDir, backend);
            var (runId, nodeId) = (result.GetValue(run)!, result.GetValue(node)!);
            var (op, hadToken) = await OperatorsCommand.AuthenticateAsync(services, result.GetValue(token), cancellationToken).ConfigureAwait(false);
            if (!hadToken)
            {
                await error.WriteLineAsync("agentflow: no operator token: pass --token or set AGENTFLOW_TOKEN (agentflow operators add NAME prints one)").ConfigureAwait(false);
                return ExitCodes.UsageOrIo;
            }

            await using var session = await CliSession.OpenAsync(services, worker: true, cancellationToken).ConfigureAwait(false);
            // A decision addressed by a sub-run's own id still continues, and is followed as, the run a user started.
            var followed = Engine.Runs.RunIds.Root(runId);
            var before = await session.Client.GetAsync(followed, cancellationToken).ConfigureAwait(false);
            var service = new ApprovalService(session.Client, services.Get<AuditLog>());
            var decision = op is null
                ? await service.RefuseUnauthenticatedAsync(runId, nodeId, cancellationToken).ConfigureAwait(false)
                : await service.DecideAsync(runId, nodeId, op, approve, result.GetValue(comment), Edits(result.GetValue(set) ?? []), cancellationToken).ConfigureAwait(false);
            if (decision.Outcome == DecisionOutcome.Refused)
            {
                await error.WriteLineAsync($"agentflow: refused: {decision.Message}").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            await error.WriteLineAsync(decision.Message).ConfigureAwait(false);
            // Follow once the run has counted this decision (or moved on), so "still waiting" means waiting for others.
            var name = op!.Name;
            bool Settled(Engine.Runs.RunInfo r) =>
                r.Progress?.Waiting.FirstOrDefault(w => w.Node == nodeId) is not { } w || w.Votes?.Any(v => v.By == name) == true;
            return await RunCommand.FollowAsync(session, followed, TimeSpan.FromSeconds(60), result.InvocationConfiguration.Output, error, cancellationToken, Settled, before).ConfigureAwait(false);
        }));
        return command;
    }

    private static JsonObject? Edits(string[] pairs)
    {
        if (pairs.Length == 0)
        {
            return null;
        }

        var edits = new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new Core.AgentFlowException($"--set '{pair}': use FIELD=VALUE, e.g. --set amount=120");
            }

            // Typed by the run against the shown value (a shown number takes a number).
            edits[pair[..equals]] = pair[(equals + 1)..];
        }

        return edits;
    }
}
