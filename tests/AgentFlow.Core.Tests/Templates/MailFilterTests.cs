using System.Text.Json.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Tests.Templates;

public sealed class MailFilterTests
{
    [Theory]
    [InlineData("Ann Lee <Ann.Lee@Example.com>", "ann.lee@example.com")]
    [InlineData("ann@example.com", "ann@example.com")]
    [InlineData("From: Tom <tom@example.com>\nSubject: Hi\n\nFrom: ceo@example.com", "tom@example.com")]
    [InlineData("From: boss@example.com <mallory@evil.example.net>\n\nbody", "mallory@evil.example.net")]
    [InlineData("From: \"a <x@example.com>\" <mallory@evil.example.net>\n\nbody", "mallory@evil.example.net")]
    [InlineData("Subject: no sender\n\nWrite to ceo@example.com", "")]
    [InlineData("", "")]
    public async Task EmailAddress_ReadsTheSenderNotTheDisplayNameNorTheBody(string text, string expected)
    {
        var result = await TemplateEngine.RenderAsync("{{ mail | email_address }}", [new("mail", JsonValue.Create(text))]);

        Assert.Equal(expected, result!.GetValue<string>());
    }

    [Theory]
    [InlineData("ann@Example.COM", "example.com")]
    [InlineData("no address", "")]
    public async Task EmailDomain_IsTheLowerCasedPartAfterTheAt(string address, string expected)
    {
        var result = await TemplateEngine.RenderAsync("{{ a | email_domain }}", [new("a", JsonValue.Create(address))]);

        Assert.Equal(expected, result!.GetValue<string>());
    }
}
