using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary><c>agentflow operators add|remove</c>: the first operator is an admin, later changes need an admin's token, all audited.</summary>
public sealed class OperatorsCommandTests : TempDirectoryTest
{
    private static readonly Dictionary<string, string?> NoToken = new() { ["AGENTFLOW_TOKEN"] = null };

    [Fact]
    public async Task Operators_after_the_first_need_an_admins_token_and_every_change_and_refusal_is_audited()
    {
        var first = await CliRunner.RunAsync(NoToken, "operators", "add", "root", "--role", "ops", "--data-dir", DataDir);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("operator 'root' added (roles: ops, admin)", first.Stderr, StringComparison.Ordinal);
        var root = first.Stdout.Trim();

        var anonymous = await CliRunner.RunAsync(NoToken, "operators", "add", "bob", "--role", "finance", "--data-dir", DataDir);
        Assert.Equal(5, anonymous.ExitCode);
        Assert.Equal(string.Empty, anonymous.Stdout);
        Assert.Contains("agentflow: refused: adding operator 'bob' needs an admin's token: this data directory already has operators; pass an admin's token with --token or AGENTFLOW_TOKEN", anonymous.Stderr, StringComparison.Ordinal);

        var added = await CliRunner.RunAsync(new Dictionary<string, string?> { ["AGENTFLOW_TOKEN"] = root }, "operators", "add", "bob", "--role", "finance", "--data-dir", DataDir);
        Assert.True(added.ExitCode == 0, added.Stderr);
        var bob = added.Stdout.Trim();

        var notAdmin = await CliRunner.RunAsync(NoToken, "operators", "add", "eve", "--role", "sales", "--token", bob, "--data-dir", DataDir);
        Assert.Equal(5, notAdmin.ExitCode);
        Assert.Contains("operator 'bob' (roles: finance) is not an admin", notAdmin.Stderr, StringComparison.Ordinal);

        Assert.Equal(5, (await CliRunner.RunAsync(NoToken, "operators", "remove", "bob", "--data-dir", DataDir)).ExitCode);
        var removed = await CliRunner.RunAsync(NoToken, "operators", "remove", "bob", "--token", root, "--data-dir", DataDir);
        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.Equal("operator 'bob' removed", removed.Stdout.Trim());

        var audit = (await CliRunner.RunAsync("audit", "--data-dir", DataDir)).Stdout;
        Assert.Matches(@"operator\s+-\s+added\s+operator root; roles: ops, admin", audit);
        Assert.Matches(@"operator\s+root\s+added\s+operator bob", audit);
        Assert.Matches(@"operator\s+bob\s+refused\s+operator eve", audit);
        Assert.Matches(@"operator\s+root\s+removed\s+operator bob", audit);
        Assert.Equal(3, Regex.Count(audit, "refused"));
        Assert.Equal(0, (await CliRunner.RunAsync("audit", "verify", "--log-only", "--data-dir", DataDir)).ExitCode);
    }

    [Fact]
    public async Task Operators_list_shows_names_roles_and_email_but_never_a_token()
    {
        var root = (await CliRunner.RunAsync(NoToken, "operators", "add", "root", "--role", "ops", "--data-dir", DataDir)).Stdout.Trim();
        Assert.Equal(0, (await CliRunner.RunAsync(NoToken, "operators", "add", "ann", "--role", "finance", "--email", "ann@example.com", "--token", root, "--data-dir", DataDir)).ExitCode);

        var (code, stdout, stderr) = await CliRunner.RunAsync(NoToken, "operators", "list", "--data-dir", DataDir);

        Assert.True(code == 0, stderr);
        Assert.Matches(@"(?m)^root\s+ops,admin\s", stdout);
        Assert.Matches(@"(?m)^ann\s+finance\s+ann@example\.com", stdout);
        Assert.DoesNotContain(root, stdout, StringComparison.Ordinal);
    }
}
