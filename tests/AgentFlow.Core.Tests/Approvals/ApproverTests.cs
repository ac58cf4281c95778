using System.Text.Json;
using AgentFlow.Core.Model;

namespace AgentFlow.Core.Tests.Approvals;

public sealed class ApproverTests
{
    private static readonly string[] AnaRoles = ["editor", "lead"];

    [Theory]
    [InlineData("user:ana", ApproverKind.User, "ana")]
    [InlineData("role:finance", ApproverKind.Role, "finance")]
    [InlineData("user:ana.b@example-1_x", ApproverKind.User, "ana.b@example-1_x")]
    public void TryParse_UserOrRole_ReadsKindAndName(string text, ApproverKind kind, string name)
    {
        Assert.True(Approver.TryParse(text, out var approver));

        Assert.Equal((kind, name, text), (approver.Kind, approver.Name, approver.ToString()));
    }

    [Theory]
    [InlineData("ana")]
    [InlineData("role:")]
    [InlineData("user:ana ")]
    [InlineData("User:ana")]
    [InlineData("group:editors")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_OtherForms_Fails(string? text)
    {
        Assert.False(Approver.TryParse(text, out _));
    }

    [Fact]
    public void Parse_BadForm_ThrowsNamingTheApproverAndTheForms()
    {
        var error = Assert.Throws<FormatException>(() => Approver.Parse("team:ops"));

        Assert.Equal("approver 'team:ops' is neither 'user:NAME' nor 'role:ROLE'. Write approvers as \"user:alice\" or \"role:finance\".", error.Message);
    }

    [Theory]
    [InlineData(true, "user:ana")]
    [InlineData(true, "role:editor")]
    [InlineData(true, "user:bob", "role:lead")]
    [InlineData(false, "user:bob", "role:admin")]
    [InlineData(false, "user:Ana")]
    [InlineData(false, "role:Editor")]
    [InlineData(false)]
    public void AnyAdmits_Approvers_MatchesByUserOrRoleOrdinally(bool expected, params string[] approvers)
    {
        Assert.Equal(expected, Approver.AnyAdmits(approvers.Select(Approver.Parse), "ana", AnaRoles));
    }

    [Fact]
    public void Admits_RoleWithoutRoles_IsFalse()
    {
        Assert.False(Approver.Role("editor").Admits("ana", roles: null));
    }

    [Fact]
    public void Equals_SameText_IsEqual()
    {
        Assert.Equal(Approver.User("ana"), Approver.Parse("user:ana"));
        Assert.NotEqual(Approver.User("ana"), Approver.Role("ana"));
    }

    [Fact]
    public void User_InvalidName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Approver.User("ana b"));
    }

    [Fact]
    public void Json_RoundTrip_IsTheText()
    {
        var json = JsonSerializer.Serialize(new[] { Approver.User("ana"), Approver.Role("finance") });

        Assert.Equal("[\"user:ana\",\"role:finance\"]", json);
        Assert.Equal([Approver.User("ana"), Approver.Role("finance")], JsonSerializer.Deserialize<Approver[]>(json)!);
    }

    [Fact]
    public void Json_BadText_ThrowsJsonException()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Approver>("\"ana\""));

        Assert.Contains("approver 'ana' is neither 'user:NAME' nor 'role:ROLE'", error.Message, StringComparison.Ordinal);
    }
}
