using AgentFlow.Agents.Guards;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Tests.Guards;

public sealed class GuardRunnerTests
{
    [Fact]
    public void Run_RedactionAppliesBeforeLaterChecks()
    {
        var result = GuardRunner.Run("Mail bob@example.com now", [new GuardCheck { Check = GuardCheckKind.Pii, Action = GuardAction.Redact, JsonPath = "$" }, new GuardCheck { Check = GuardCheckKind.Banned, Terms = ["example.com"], JsonPath = "$" }]);

        Assert.Equal("Mail [EMAIL] now", result.Text);
        Assert.Equal(["pii.email"], result.Findings.Select(f => f.Rule));
    }

    [Fact]
    public void Run_PiiTypes_LimitTheKindsButKeepConfiguredPatterns()
    {
        var check = new GuardCheck
        {
            Check = GuardCheckKind.Pii, Action = GuardAction.Redact, JsonPath = "$", Types = ["card"],
            Patterns = new Dictionary<string, string> { ["ticket"] = @"TK-\d{6}" },
        };

        var result = GuardRunner.Run("bob@example.com TK-123456 card 4111 1111 1111 1111", [check]);

        Assert.Equal("bob@example.com [TICKET] card [CARD]", result.Text);
    }

    [Fact]
    public void Run_RegexMustNotMatch_ExcerptHasNoPersonalData()
    {
        var check = new GuardCheck { Check = GuardCheckKind.Regex, Pattern = @"contact \S+", MustMatch = false, JsonPath = "$" };

        var finding = Assert.Single(GuardRunner.Run("please contact eve@example.com", [check]).Findings);

        Assert.Equal(("regex.match", "contact [EMAIL]"), (finding.Rule, finding.Excerpt));
    }

    [Fact]
    public void Run_LengthMin_ReportsTheCount()
    {
        var finding = Assert.Single(GuardRunner.Run("short", [new GuardCheck { Check = GuardCheckKind.Length, Min = 10, JsonPath = "$" }]).Findings);

        Assert.Equal(("length.min", "the text has 5 characters; at least 10 are required"), (finding.Rule, finding.Message));
    }
}
