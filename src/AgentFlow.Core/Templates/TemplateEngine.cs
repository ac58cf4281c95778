using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;

namespace AgentFlow.Core.Templates;

/// <summary>
/// Renders templates and evaluates conditions against run state (a JSON object whose members are
/// <c>inputs</c>, <c>run</c>, node outputs by id and loop variables). A template that is exactly one
/// <c>{{ expr }}</c> keeps the expression's JSON type; any other template renders to a string.
/// </summary>
public static class TemplateEngine
{
    private static readonly TemplateOptions Options = CreateOptions();

    /// <summary>Renders one template string.</summary>
    /// <exception cref="TemplateException">The template is not valid Liquid or fails to evaluate.</exception>
    public static async ValueTask<JsonNode?> RenderAsync(string template, IEnumerable<KeyValuePair<string, JsonNode?>> state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(state);
        cancellationToken.ThrowIfCancellationRequested();
        if (!TemplateSyntax.HasMarkup(template))
        {
            return JsonValue.Create(template);
        }

        var parsed = TemplateSyntax.ParseTemplate(template.Trim());
        if (parsed.Template is null)
        {
            throw new TemplateException(template, parsed.Error!);
        }

        var context = CreateContext(state);
        try
        {
            if (TemplateSyntax.SingleExpression(parsed.Template) is { } expression)
            {
                return FluidJson.ToJson(await expression.EvaluateAsync(context).ConfigureAwait(false));
            }

            var original = TemplateSyntax.ParseTemplate(template);
            return JsonValue.Create(await original.Template!.RenderAsync(context).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not TemplateException and not OperationCanceledException)
        {
            throw new TemplateException(template, ex.Message);
        }
    }

    /// <summary>Renders every string inside a JSON value (objects and arrays recursively); other values are copied.</summary>
    public static async ValueTask<JsonNode?> RenderValueAsync(JsonElement value, IEnumerable<KeyValuePair<string, JsonNode?>> state, CancellationToken cancellationToken = default)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return await RenderAsync(value.GetString()!, state, cancellationToken).ConfigureAwait(false);
            case JsonValueKind.Object:
            {
                var result = new JsonObject();
                foreach (var property in value.EnumerateObject())
                {
                    result[property.Name] = await RenderValueAsync(property.Value, state, cancellationToken).ConfigureAwait(false);
                }

                return result;
            }

            case JsonValueKind.Array:
            {
                var result = new JsonArray();
                foreach (var item in value.EnumerateArray())
                {
                    result.Add(await RenderValueAsync(item, state, cancellationToken).ConfigureAwait(false));
                }

                return result;
            }

            default:
                return JsonNode.Parse(value.GetRawText());
        }
    }

    /// <summary>Evaluates a condition such as <c>review.approved and draft.subject != ""</c>.</summary>
    /// <exception cref="TemplateException">The condition is not valid Liquid or fails to evaluate.</exception>
    public static async ValueTask<bool> EvaluateConditionAsync(string condition, IEnumerable<KeyValuePair<string, JsonNode?>> state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(state);
        cancellationToken.ThrowIfCancellationRequested();
        var parsed = TemplateSyntax.ParseCondition(condition);
        if (parsed.Template is null)
        {
            throw new TemplateException(condition, parsed.Error!);
        }

        try
        {
            return await parsed.Template.RenderAsync(CreateContext(state)).ConfigureAwait(false) == "true";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TemplateException(condition, ex.Message);
        }
    }

    /// <summary>Evaluates an expression such as <c>fetch.results</c>, keeping its JSON type.</summary>
    public static ValueTask<JsonNode?> EvaluateExpressionAsync(string expression, IEnumerable<KeyValuePair<string, JsonNode?>> state, CancellationToken cancellationToken = default) =>
        RenderAsync(TemplateSyntax.ExpressionTemplate(expression), state, cancellationToken);

    /// <summary>
    /// Renders a prompt rewritten by <see cref="SpotlightRewriter"/>: the untrusted parts are marked with
    /// <paramref name="markers"/>. <c>Marked</c> says whether any part was (an empty value is not).
    /// </summary>
    internal static async ValueTask<(string Text, bool Marked)> RenderMarkedAsync(
        Fluid.IFluidTemplate rewritten, string source, IEnumerable<KeyValuePair<string, JsonNode?>> state, SpotlightMarkers markers, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var context = CreateContext(state);
        context.AmbientValues[SpotlightStatement.MarkersKey] = markers;
        try
        {
            var text = await rewritten.RenderAsync(context).ConfigureAwait(false);
            return (text, context.AmbientValues.ContainsKey(SpotlightStatement.MarkedKey));
        }
        catch (Exception ex) when (ex is not TemplateException and not OperationCanceledException)
        {
            throw new TemplateException(source, ex.Message);
        }
    }

    private static TemplateContext CreateContext(IEnumerable<KeyValuePair<string, JsonNode?>> state)
    {
        if (state is ITemplateState lookup)
        {
            // Names not in the local scope (loop variables, assigns) are looked up in the model when read.
            return new TemplateContext(new DictionaryValue(new StateFluidIndexable(lookup)), Options, allowModelMembers: false);
        }

        var context = new TemplateContext(Options);

        foreach (var (name, value) in state)
        {
            context.SetValue(name, FluidJson.ToFluid(value));
        }

        return context;
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            // Templates render JSON, e-mail bodies and prompts: keep text as written, never HTML-encode.
            MaxRecursion = 32,
            MaxSteps = 1_000_000,
        };
        options.TimeZone = TimeZoneInfo.Utc;
        MailFilters.Register(options);
        return options;
    }
}
