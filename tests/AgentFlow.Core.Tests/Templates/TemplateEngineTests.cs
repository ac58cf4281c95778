using System.Text.Json.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Tests.Templates;

public sealed class TemplateEngineTests
{
    private static JsonObject State() => JsonNode.Parse("""
        {
          "inputs": { "topic": "LLMOps", "recipients": ["a@example.com", "b@example.com"], "limit": 3 },
          "draft": { "subject": "Weekly", "score": 0.75 },
          "review": { "approved": true, "values": { "subject": "Edited" } },
          "fetch": { "results": [ { "title": "One" }, { "title": "Two" } ] }
        }
        """)!.AsObject();

    [Fact]
    public async Task Render_SingleExpressionOfArray_KeepsArrayType()
    {
        var result = await TemplateEngine.RenderAsync("{{ inputs.recipients }}", State());

        var array = Assert.IsType<JsonArray>(result);
        Assert.Equal(["a@example.com", "b@example.com"], array.Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Render_SingleExpressionWithSurroundingSpace_KeepsNumberAndBoolTypes()
    {
        var number = await TemplateEngine.RenderAsync("  {{ inputs.limit }} ", State());
        var flag = await TemplateEngine.RenderAsync("{{ review.approved }}", State());

        Assert.Equal(3, number!.GetValue<long>());
        Assert.True(flag!.GetValue<bool>());
    }

    [Fact]
    public async Task Render_SingleExpressionOfObject_KeepsObject()
    {
        var result = await TemplateEngine.RenderAsync("{{ review.values }}", State());

        Assert.Equal("Edited", result!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_MixedText_RendersString()
    {
        var result = await TemplateEngine.RenderAsync("Issue: {{ draft.subject }} on {{ inputs.topic }}", State());

        Assert.Equal("Issue: Weekly on LLMOps", result!.GetValue<string>());
    }

    [Fact]
    public async Task Render_ForLoopAndFilters_RendersLikeLiquid()
    {
        var result = await TemplateEngine.RenderAsync("{% for r in fetch.results %}{{ r.title | upcase }};{% endfor %}{{ fetch.results | size }}", State());

        Assert.Equal("ONE;TWO;2", result!.GetValue<string>());
    }

    [Fact]
    public async Task Render_FilteredSingleExpression_KeepsFilterResultType()
    {
        var result = await TemplateEngine.RenderAsync("{{ fetch.results | size }}", State());

        Assert.Equal(2, result!.GetValue<long>());
    }

    [Fact]
    public async Task Render_PlainText_ReturnsItUnchanged()
    {
        var result = await TemplateEngine.RenderAsync("no markup {here}", State());

        Assert.Equal("no markup {here}", result!.GetValue<string>());
    }

    [Fact]
    public async Task Render_InvalidSyntax_ThrowsTemplateExceptionNamingTemplate()
    {
        var ex = await Assert.ThrowsAsync<TemplateException>(async () => await TemplateEngine.RenderAsync("{{ draft.subject", State()));

        Assert.Contains("draft.subject", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("review.approved", true)]
    [InlineData("review.approved and draft.subject != \"\"", true)]
    [InlineData("draft.score > 0.9", false)]
    [InlineData("inputs.recipients contains \"b@example.com\"", true)]
    [InlineData("missing.value", false)]
    public async Task EvaluateCondition_LiquidBooleanExpression_ReturnsTruth(string condition, bool expected)
    {
        Assert.Equal(expected, await TemplateEngine.EvaluateConditionAsync(condition, State()));
    }

    [Fact]
    public async Task EvaluateCondition_WithTagDelimiters_IsRejected()
    {
        await Assert.ThrowsAsync<TemplateException>(async () => await TemplateEngine.EvaluateConditionAsync("x %}{% if true", State()));
    }

    [Fact]
    public async Task RenderValue_Object_RendersEveryStringLeaf()
    {
        using var args = System.Text.Json.JsonDocument.Parse("""{ "to": "{{ inputs.recipients }}", "n": 5, "nested": ["{{ draft.subject }}!"] }""");

        var result = (await TemplateEngine.RenderValueAsync(args.RootElement, State()))!.AsObject();

        Assert.Equal(2, result["to"]!.AsArray().Count);
        Assert.Equal(5, result["n"]!.GetValue<int>());
        Assert.Equal("Weekly!", result["nested"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task EvaluateExpression_MapItems_ReturnsList()
    {
        var items = await TemplateEngine.EvaluateExpressionAsync("fetch.results", State());

        Assert.Equal(2, items!.AsArray().Count);
    }
}
