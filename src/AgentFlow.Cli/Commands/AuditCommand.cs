using System.CommandLine;
using System.Globalization;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow audit RUN</c> (a run's decisions, refusals, timeouts, escalations) and <c>agentflow audit verify</c>.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var run = new Argument<string?>("run") { Description = "The run whose audit records to print (all runs when omitted).", Arity = ArgumentArity.ZeroOrOne };
        var verify = new Command("verify", "Check the hash chain of the audit log: exit 0 if intact, 2 if it was tampered with.") { dataDir };
        verify.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var check = await new AuditLog(CommonOptions.Settings(result, dataDir, null).DataDirectory).VerifyAsync(cancellationToken).ConfigureAwait(false);
            if (check.Ok)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync($"audit log intact: {check.Records} records, hash chain verified").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await result.InvocationConfiguration.Error.WriteLineAsync($"agentflow: audit log TAMPERED: {check.Problem}").ConfigureAwait(false);
            return ExitCodes.Invalid;
        }));
        var command = new Command("audit", "Print audit records (who decided what, when, on which shown values).") { run, dataDir, verify };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var records = await new AuditLog(CommonOptions.Settings(result, dataDir, null).DataDirectory).ReadAsync(result.GetValue(run), cancellationToken).ConfigureAwait(false);
            var rows = records.Select(r => new[]
            {
                r.Sequence.ToString(CultureInfo.InvariantCulture),
                r.Time.ToString("u", CultureInfo.InvariantCulture),
                r.RunId,
                r.Node,
                r.Kind,
                r.Operator ?? "-",
                r.Decision ?? "-",
                string.Join("; ", new[] { r.Comment, r.Reason, r.Edits is { Count: > 0 } e ? "edits " + e.ToJsonString() : null, r.ShownHash is { } h ? "shown " + h[..12] : null }.OfType<string>()),
            }).ToList();
            if (rows.Count == 0)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync("no audit records").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await Table.WriteAsync(result.InvocationConfiguration.Output, ["#", "TIME (UTC)", "RUN", "NODE", "KIND", "OPERATOR", "DECISION", "DETAIL"], rows).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
