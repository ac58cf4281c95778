using System.CommandLine;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow operators add|list|remove</c>: the identities allowed to decide approvals.</summary>
internal static class OperatorsCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var name = new Argument<string>("name") { Description = "Operator name (letters, digits, _ . @ -)." };
        var roles = new Option<string[]>("--role") { Description = "A role (repeatable), matched by role:ROLE approvers.", Arity = ArgumentArity.ZeroOrMore };
        var email = new Option<string?>("--email") { Description = "Where approval requests are sent." };
        var add = new Command("add", "Add an operator and print their token once (only a hash is stored).") { name, roles, email, dataDir };
        add.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var store = new OperatorStore(CommonOptions.Settings(result, dataDir, null).DataDirectory);
            var (op, token) = await store.AddAsync(result.GetValue(name)!, result.GetValue(roles) ?? [], result.GetValue(email), cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(token).ConfigureAwait(false);
            await result.InvocationConfiguration.Error.WriteLineAsync($"operator '{op.Name}' added (roles: {string.Join(", ", op.Roles)}); the token above is shown only now: keep it secret, use it as AGENTFLOW_TOKEN or --token").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var list = new Command("list", "List operators (names, roles, e-mail; never tokens).") { dataDir };
        list.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var store = new OperatorStore(CommonOptions.Settings(result, dataDir, null).DataDirectory);
            var operators = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            await Table.WriteAsync(result.InvocationConfiguration.Output, ["NAME", "ROLES", "EMAIL", "CREATED (UTC)"], [.. operators.Select(o => new[] { o.Name, string.Join(",", o.Roles), o.Email ?? string.Empty, o.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture) })]).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var removeName = new Argument<string>("name") { Description = "The operator to remove (their token stops working)." };
        var remove = new Command("remove", "Remove an operator.") { removeName, dataDir };
        remove.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var store = new OperatorStore(CommonOptions.Settings(result, dataDir, null).DataDirectory);
            var who = result.GetValue(removeName)!;
            if (!await store.RemoveAsync(who, cancellationToken).ConfigureAwait(false))
            {
                throw new Core.AgentFlowException($"no operator '{who}'; see agentflow operators list");
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"operator '{who}' removed").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return new Command("operators", "Manage the operators who may decide approvals.") { add, list, remove };
    }

    /// <summary>The operator behind <c>--token</c> or <c>AGENTFLOW_TOKEN</c>; null when there is no token or it is not valid.</summary>
    public static async Task<(Operator? Operator, bool HadToken)> AuthenticateAsync(string dataDirectory, string? token, CancellationToken cancellationToken)
    {
        token ??= Environment.GetEnvironmentVariable("AGENTFLOW_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            return (null, false);
        }

        return (await new OperatorStore(dataDirectory).AuthenticateAsync(token.Trim(), cancellationToken).ConfigureAwait(false), true);
    }

    public static Option<string?> Token() => new("--token") { Description = "Your operator token (default: AGENTFLOW_TOKEN)." };
}
