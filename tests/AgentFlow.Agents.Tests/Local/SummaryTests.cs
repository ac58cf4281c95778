using System.Globalization;
using AgentFlow.Agents.Local;

namespace AgentFlow.Agents.Tests.Local;

public sealed class SummaryTests
{
    private static readonly LocalLanguageModel Model = new();

    private static LocalCompletion Complete(string prompt, int? maxTokens = null, IReadOnlyList<string>? context = null) =>
        Model.Complete(new LocalCompletionRequest { Prompt = prompt, MaxTokens = maxTokens, Context = context ?? [] });

    [Fact]
    public void Complete_SameRequestTwice_ReturnsIdenticalText()
    {
        var first = Complete("Summarise: " + Texts.News);
        var second = new LocalLanguageModel().Complete(new LocalCompletionRequest { Prompt = "Summarise: " + Texts.News });

        Assert.Equal(first, second);
        Assert.Equal(first.Text, second.Text, StringComparer.Ordinal);
    }

    [Fact]
    public void Complete_UnderTurkishCulture_ReturnsSameTextAsInvariant()
    {
        var prompt = "SUMMARISE IN TWO SENTENCES.\n\n" + Texts.News.ToUpperInvariant();
        var invariant = Complete(prompt).Text;
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
            Assert.Equal(invariant, Complete(prompt).Text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Complete_Summarise_KeepsMainTermSentencesInOriginalOrder()
    {
        var text = Complete("Summarise this article in two sentences.\n\n" + Texts.News).Text;

        Assert.DoesNotContain("parking", text, StringComparison.Ordinal);
        var first = text.IndexOf("A survey of 140", StringComparison.Ordinal);
        var second = text.IndexOf("Teams reported", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, text);
    }

    [Theory]
    [InlineData("in one sentence", 1)]
    [InlineData("in two sentences", 2)]
    [InlineData("in 3 sentences", 3)]
    [InlineData("in one paragraph", 3)]
    [InlineData("in four or five sentences", 5)]
    public void Complete_SentenceCountInInstruction_IsHonoured(string phrase, int expected)
    {
        var text = Complete($"Summarise the article {phrase}.\n\n{Texts.News}").Text;

        Assert.Equal(expected, TextAnalysis.SplitSentences(text).Count);
    }

    [Fact]
    public void Complete_WithMaxTokens_StaysWithinBudgetAtSentenceBoundary()
    {
        var result = Complete("Summarise in five sentences.\n\n" + Texts.News, maxTokens: 40);

        Assert.InRange(result.CompletionTokens, 1, 40);
        Assert.EndsWith(".", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_MaxTokensBelowOneSentence_CutsAtWordBoundary()
    {
        var result = Complete("Summarise in one sentence.\n\n" + Texts.News, maxTokens: 8);

        Assert.Equal(6, result.Text.Split(' ').Length);
        Assert.StartsWith(result.Text, Texts.News, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_EmptyPrompt_ReturnsEmptyTextAndZeroTokens()
    {
        var result = Complete(string.Empty);

        Assert.Equal(new LocalCompletion(string.Empty, null, 0, 0), result);
    }

    [Fact]
    public void Complete_OnlyAnInstruction_AnswersFromItsOwnWords()
    {
        var result = Complete("Write a haiku about autumn leaves.");

        Assert.Equal("A haiku about autumn leaves.", result.Text);
    }

    [Fact]
    public void Complete_ContextPassages_WeighLessThanThePrompt()
    {
        var text = Complete(
            "Summarise the customer's situation in one sentence.\n\nThe customer reports that the dashboard loads slowly since the upgrade.",
            context: ["The customer prefers e-mail. The customer had a dashboard outage in March that took two days to fix."]).Text;

        Assert.Equal("The customer reports that the dashboard loads slowly since the upgrade.", text);
    }

    [Fact]
    public void Complete_CountsPromptAndCompletionTokensByWords()
    {
        var result = Model.Complete(new LocalCompletionRequest { Instructions = "Be brief.", Prompt = "Summarise: One two three four five six.", Context = ["seven eight nine"] });

        Assert.Equal(3 + 10 + 4, result.PromptTokens); // 2, 7 and 3 words; ceil(words * 4 / 3) each
        Assert.Equal(8, result.CompletionTokens);
    }

    [Fact]
    public void Complete_NullRequest_Throws() =>
        Assert.Throws<ArgumentNullException>(() => Model.Complete(null!));

    [Fact]
    public void Complete_CancelledToken_Throws() =>
        Assert.Throws<OperationCanceledException>(() => Model.Complete(new LocalCompletionRequest { Prompt = Texts.News }, new CancellationToken(canceled: true)));

    [Fact]
    public void Parse_InlineInstructionWithColon_SplitsInstructionFromArticle()
    {
        var parsed = PromptParser.Parse("Summarise: " + Texts.News, system: null);

        Assert.Equal(["Summarise:"], parsed.Instructions);
        Assert.StartsWith("A survey", Assert.Single(parsed.Content), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ContentFollowedByInstructionParagraph_FindsGreetingTaskAndName()
    {
        var parsed = PromptParser.Parse(Texts.Hello, system: null);

        Assert.Equal(LocalTask.Greeting, parsed.Task);
        Assert.Equal("Ana", parsed.Name);
        Assert.Equal(3, parsed.SentenceCount);
        Assert.StartsWith("Hello Ana!", Assert.Single(parsed.Content), StringComparison.Ordinal);
    }
}
