using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

public sealed class ApproverMatchTests
{
    private static readonly Operator Ana = new("ana", ["editor", "lead"], null, DateTime.UtcNow);

    [Theory]
    [InlineData(true, "user:ana")]
    [InlineData(true, "role:editor")]
    [InlineData(true, "user:bob", "role:lead")]
    [InlineData(false, "user:bob", "role:admin")]
    [InlineData(false, "user:Ana")]
    [InlineData(false, "role:Editor")]
    [InlineData(false, "ana")]
    [InlineData(false, "role:")]
    [InlineData(false, "user:ana ")]
    [InlineData(false)]
    public void Matches_Approvers_MatchesByUserOrRoleOrdinally(bool expected, params string[] approvers)
    {
        Assert.Equal(expected, ApproverMatch.Matches(Ana, approvers));
    }
}
