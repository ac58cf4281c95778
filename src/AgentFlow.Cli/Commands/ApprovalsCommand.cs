using System.CommandLine;
using System.Text.Json;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow approvals [--mine] [--format text|json]</c>: approval nodes waiting for a decision, across runs; shown
/// fields that can carry untrusted data are marked <c>[untrusted]</c>.
/// </summary>
internal static class ApprovalsCommand
{
    public static Command Create()
    {
        var mine = new Option<bool>("--mine") { Description = "List only the approvals you (--token / AGENTFLOW_TOKEN) may decide and have not decided yet." };
        var format = new Option<string>("--format") { Description = "Output format: text (a table) or json (an array: runId, node, approvers, quorum, votes, until, show, untrusted: the shown keys a third party can write).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var token = OperatorsCommand.Token();
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var command = new Command("approvals", "List approvals waiting for a decision.") { mine, format, token, dataDir, backend };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            await using var services = CommonOptions.Services(result, dataDir, backend);
            Operator? me = null;
            if (result.GetValue(mine))
            {
                (me, _) = await OperatorsCommand.AuthenticateAsync(services, result.GetValue(token), cancellationToken).ConfigureAwait(false);
                if (me is null)
                {
                    throw new Core.AgentFlowException("--mine needs a valid operator token (--token or AGENTFLOW_TOKEN)");
                }
            }

            await using var session = await CliSession.OpenReadOnlyAsync(services, cancellationToken).ConfigureAwait(false);
            // Running runs too: one branch may wait for a decision while another is still busy.
            var runs = await session.Client.ListAsync(new RunQuery { Unfinished = true, Limit = 1000 }, cancellationToken).ConfigureAwait(false);
            var waiting = runs
                .SelectMany(r => (r.Progress?.Waiting ?? []).Where(w => w.Kind == WaitKind.Approval).Select(w => (Run: r, Wait: w)))
                .Where(x => me is null || (Approver.AnyAdmits(x.Wait.Approvers ?? [], me.Name, me.Roles) && x.Wait.Votes?.Any(v => v.By == me.Name) != true))
                .ToList();
            if (result.GetValue(format) == "json")
            {
                var items = waiting.Select(x => new { x.Run.RunId, x.Wait.Node, x.Wait.Approvers, Quorum = x.Wait.Quorum ?? 1, Votes = x.Wait.Votes ?? [], x.Wait.Until, x.Wait.Show, Untrusted = x.Wait.Untrusted ?? [] });
                await result.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(items, CliJson.Compact)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var rows = waiting
                .Select(x => new[]
                {
                    x.Run.RunId,
                    x.Wait.Node,
                    string.Join(",", x.Wait.Approvers ?? []),
                    $"{x.Wait.Votes?.Count(v => v.Approved) ?? 0}/{x.Wait.Quorum ?? 1}",
                    x.Wait.Until is { } u ? u.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "-",
                    Running.ShownText.Summary(x.Wait.Show, x.Wait.Untrusted),
                })
                .ToList();
            if (rows.Count == 0)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync(me is null ? "no approvals waiting" : $"nothing waits for {me.Name}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await Table.WriteAsync(result.InvocationConfiguration.Output, ["RUN", "NODE", "APPROVERS", "APPROVED", "DEADLINE (UTC)", "SHOWN"], rows).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
