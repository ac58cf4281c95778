using AgentFlow.Agents.Local;

namespace AgentFlow.Agents.Tests.Local;

public sealed class TaskTests
{
    private static readonly LocalLanguageModel Model = new();

    private static string Answer(string prompt, string? instructions = null) =>
        Model.Complete(new LocalCompletionRequest { Prompt = prompt, Instructions = instructions }).Text;

    [Fact]
    public void Complete_GreetingRequest_GreetsByNameThenIntroducesFromContent()
    {
        var text = Answer(Texts.Hello, "You are a friendly assistant. Keep answers short.");

        Assert.StartsWith("Hello Ana! Welcome to AgentFlow.", text, StringComparison.Ordinal);
        Assert.Contains("AgentFlow runs declarative JSON workflows", text, StringComparison.Ordinal);
        Assert.Equal(4, TextAnalysis.SplitSentences(text).Count); // greeting line (two short sentences) + two from the content
    }

    [Fact]
    public void Complete_GreetingWithoutNameInInstruction_UsesNameFromContent()
    {
        var text = Answer("Hi Bob, here is the plan. The migration to the new billing platform starts on Monday. "
            + "Old invoices stay readable for a year.\n\nWrite a friendly welcome note.");

        Assert.StartsWith("Hello Bob!", text, StringComparison.Ordinal);
        Assert.Contains("billing platform", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_KeywordsRequest_ReturnsTheMainTermsCommaSeparated()
    {
        var text = Answer("List five keywords for this article.\n\n" + Texts.News);

        var keywords = text.Split(", ");
        Assert.Equal(5, keywords.Length);
        Assert.Contains("regression suite", keywords);
        Assert.Contains("release", keywords);
        Assert.DoesNotContain("parking", keywords);
    }

    [Fact]
    public void Complete_TitleRequest_ReturnsShortLine()
    {
        var text = Answer("Write a headline for this article.\n\n" + Texts.News);

        Assert.InRange(TextAnalysis.WordCount(text), 4, 12);
        Assert.StartsWith("A survey of 140 engineering teams", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I returned the jacket two weeks ago and still have not got my money back.", "refund")]
    [InlineData("The invoice for October shows a payment we never made, please correct the charge.", "billing")]
    [InlineData("The app crashes with an error every time I open the settings page.", "technical")]
    public void Complete_ClassifyWithRuleList_PicksBestMatchingLabel(string message, string expected)
    {
        var prompt = "Classify the message into one of:\n- refund: refund, money back, return\n- billing: invoice, payment, charge\n"
            + "- technical: error, crash, bug\n\nMessage: " + message;

        Assert.Equal(expected, Answer(prompt));
    }

    [Theory]
    [InlineData("Our payment bounced twice this month.", "billing")]
    [InlineData("Since the outage this morning we see an error on every request.", "tech")]
    [InlineData("We would like to visit your office next week to discuss a partnership.", "general")]
    public void Complete_ClassifyWithConditionsAndFallback_UsesStatedDefaultWhenNothingMatches(string message, string expected)
    {
        var prompt = "Answer \"billing\" if it mentions invoice or payment, \"tech\" if it mentions error or outage, "
            + "otherwise \"general\".\n\n" + message;

        Assert.Equal(expected, Answer(prompt));
    }

    [Fact]
    public void Complete_ClassifyWithRulesInAgentInstructions_UsesThem()
    {
        var text = Answer("Classify this mail.\n\n" + Texts.SsoLogin, Texts.Triager);

        Assert.Equal("support", text);
    }

    [Fact]
    public void Complete_ClassifyWithoutMatchOrDefault_FallsBackToFirstLabel()
    {
        var text = Answer("Classify the note.\n- hardware: laptop, monitor\n- facilities: desk, chair\n\nThe quarterly review is on Friday.");

        Assert.Equal("hardware", text);
    }
}
