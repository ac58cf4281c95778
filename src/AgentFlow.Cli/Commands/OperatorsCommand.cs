using System.CommandLine;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow operators add|list|remove</c>: the identities allowed to decide approvals. The first operator added
/// becomes an admin; after that adding and removing need an admin's token, and every change or refusal is audited.
/// </summary>
internal static class OperatorsCommand
{
    private const string AdminHint = "pass an admin's token with --token or AGENTFLOW_TOKEN (agentflow operators list shows who has role admin)";

    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var name = CommonOptions.NonEmpty("name", "The new operator's name (letters, digits, _ . @ -); approvers name them user:NAME.", "the operator name is empty");
        var roles = new Option<string[]>("--role") { Description = "Give the operator a role (repeatable; optional, as approvers may name them user:NAME): role:ROLE approvers match it, and role admin may manage operators.", Arity = ArgumentArity.ZeroOrMore };
        var email = new Option<string?>("--email") { Description = "The operator's e-mail address, to which approval requests are sent." };
        var addToken = AdminToken();
        var add = new Command("add", "Add an operator and print their token once (only a hash is stored). The first operator becomes an admin; later ones need an admin's token.")
        {
            name, roles, email, addToken, dataDir,
        };
        add.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, () => AsAdminAsync(result, async () =>
        {
            await using var services = CommonOptions.Services(result, dataDir, null);
            var store = services.Get<OperatorStore>();
            var (op, token) = await store.AddAsync(result.GetValue(name)!, result.GetValue(roles) ?? [], result.GetValue(email), TokenOf(result.GetValue(addToken)), cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(token).ConfigureAwait(false);
            await result.InvocationConfiguration.Error.WriteLineAsync($"operator '{op.Name}' added ({(op.Roles.Count == 0 ? "no roles" : "roles: " + string.Join(", ", op.Roles))}); approvers name them user:{op.Name}; the token above is shown only now: keep it secret, use it as AGENTFLOW_TOKEN or --token").ConfigureAwait(false);
            return ExitCodes.Ok;
        })));

        var list = new Command("list", "List operators (names, roles, e-mail; never tokens).") { dataDir };
        list.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            await using var services = CommonOptions.Services(result, dataDir, null);
            var store = services.Get<OperatorStore>();
            var operators = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            await Table.WriteAsync(result.InvocationConfiguration.Output, ["NAME", "ROLES", "EMAIL", "CREATED (UTC)"], [.. operators.Select(o => new[] { o.Name, string.Join(",", o.Roles), o.Email ?? string.Empty, o.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture) })]).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var removeName = CommonOptions.NonEmpty("name", "The operator to remove (their token stops working).", "the operator name is empty");
        var removeToken = AdminToken();
        var remove = new Command("remove", "Remove an operator (needs an admin's token).") { removeName, removeToken, dataDir };
        remove.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, () => AsAdminAsync(result, async () =>
        {
            await using var services = CommonOptions.Services(result, dataDir, null);
            var store = services.Get<OperatorStore>();
            var who = result.GetValue(removeName)!;
            if (!await store.RemoveAsync(who, TokenOf(result.GetValue(removeToken)), cancellationToken).ConfigureAwait(false))
            {
                throw new Core.AgentFlowException($"no operator '{who}'; see agentflow operators list");
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"operator '{who}' removed").ConfigureAwait(false);
            return ExitCodes.Ok;
        })));
        return new Command("operators", "Manage the operators who may decide approvals.") { add, list, remove };
    }

    /// <summary>The operator behind <c>--token</c> or <c>AGENTFLOW_TOKEN</c>; null when there is no token or it is not valid.</summary>
    public static async Task<(Operator? Operator, bool HadToken)> AuthenticateAsync(CliServices services, string? token, CancellationToken cancellationToken)
    {
        token = TokenOf(token);
        if (token is null)
        {
            return (null, false);
        }

        return (await services.Get<OperatorStore>().AuthenticateAsync(token, cancellationToken).ConfigureAwait(false), true);
    }

    public static Option<string?> Token() => new("--token") { Description = "Act as the operator with this token (default: AGENTFLOW_TOKEN)." };

    private static Option<string?> AdminToken() => new("--token") { Description = "Act as the admin with this token (default: AGENTFLOW_TOKEN); not needed for the first operator." };

    /// <summary><paramref name="token"/>, else <c>AGENTFLOW_TOKEN</c>, trimmed; null when neither is set.</summary>
    public static string? TokenOf(string? token) =>
        (token ?? Environment.GetEnvironmentVariable("AGENTFLOW_TOKEN")) is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;

    /// <summary>A refusal (audited by the store) exits 5 with the reason and what to do.</summary>
    private static async Task<int> AsAdminAsync(ParseResult result, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperatorAccessDeniedException ex)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"agentflow: refused: {ex.Message}; {AdminHint}").ConfigureAwait(false);
            return ExitCodes.Refused;
        }
    }
}
