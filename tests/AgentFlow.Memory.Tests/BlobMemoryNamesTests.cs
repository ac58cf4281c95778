namespace AgentFlow.Memory.Tests;

public sealed class BlobMemoryNamesTests
{
    [Theory]
    [InlineData("editor", "editor2")]
    [InlineData("edi_tor", "editor")]
    [InlineData("edi%", "edi_25")]
    [InlineData("a/b", "a")]
    [InlineData("ns:editor", "ns:")]
    [InlineData("editor", "Editor")]
    [InlineData("é", "e")]
    public void AgentPrefix_DifferentAgents_NeitherIsAPrefixOfTheOther(string agent, string other)
    {
        var (a, b) = (BlobMemoryNames.AgentPrefix(agent), BlobMemoryNames.AgentPrefix(other));

        Assert.False(a.StartsWith(b, StringComparison.Ordinal));
        Assert.False(b.StartsWith(a, StringComparison.Ordinal));
    }

    [Fact]
    public void Escape_AnyText_KeepsOnlyLowercaseDigitsHyphenAndEscapes()
    {
        var escaped = BlobMemoryNames.Escape("Ab-9_/.:% é");

        Assert.Equal("_41b-9_5F_2F_2E_3A_25_20_C3_A9", escaped);
    }
}
