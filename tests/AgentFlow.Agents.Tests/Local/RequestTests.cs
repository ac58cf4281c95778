using System.Text.Json;
using AgentFlow.Agents.Local;

namespace AgentFlow.Agents.Tests.Local;

/// <summary>A <c>request</c> property: what a mail asks for, said back to its sender rather than quoted.</summary>
public sealed class RequestTests
{
    private const string Schema = """
        { "type": "object", "properties": { "request": { "type": "string", "description": "What the sender asks for, said back to them." } }, "required": ["request"] }
        """;

    [Theory]
    [InlineData("Our card was charged twice for invoice INV-1. Could you refund the duplicate payment and send us a corrected receipt for our accounts?",
        "You asked us to refund the duplicate payment and send you a corrected receipt for your accounts.")]
    [InlineData("Since Friday I get an error when I open the dashboard. Could someone link my account or tell me what I am missing?",
        "You asked us to link your account or tell you what you are missing.")]
    [InlineData("The invoice does not show our VAT number. Please reissue the invoice with the VAT number and our billing address.",
        "You asked us to reissue the invoice with the VAT number and your billing address.")]
    [InlineData("Calls to the reports API fail with HTTP 504 since this morning. This blocks our nightly export, so we would appreciate a quick answer or a workaround.",
        "You asked us for a quick answer or a workaround.")]
    [InlineData("We are organising a summit in Lyon. Could you forward this to the right person and let us know by 15 December whether you are interested?",
        "You asked us to forward this to the right person and let you know by 15 December whether we are interested.")]
    public void Complete_MailWithARequest_SaysTheRequestBackInTheSecondPerson(string mail, string expected)
    {
        var answer = Complete(mail);

        Assert.Equal(expected, answer);
    }

    [Fact]
    public void Complete_MailWithoutARequest_FallsBackToItsKeySentence()
    {
        var answer = Complete("The quarterly report is attached. Revenue grew by 12 percent compared with the last quarter.");

        Assert.False(string.IsNullOrWhiteSpace(answer));
        Assert.DoesNotContain("You asked", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_SameMail_GivesTheSameRequest() =>
        Assert.Equal(Complete("Please send us the invoice again."), Complete("Please send us the invoice again."));

    private static string Complete(string mail)
    {
        var result = new LocalLanguageModel().Complete(new LocalCompletionRequest
        {
            Prompt = "Say the sender's request back to them in one sentence.\n\n" + mail,
            OutputSchema = JsonDocument.Parse(Schema).RootElement.Clone(),
        });
        return JsonDocument.Parse(result.Text).RootElement.GetProperty("request").GetString()!;
    }
}
