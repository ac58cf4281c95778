using System.Collections.Concurrent;
using Fluid;
using Fluid.Ast;

namespace AgentFlow.Core.Templates;

/// <summary>Parses Liquid templates, conditions and expressions once and caches the result.</summary>
public static class TemplateSyntax
{
    private const int CacheLimit = 10_000;
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false });
    private static readonly ConcurrentDictionary<string, Parsed> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Builds the Liquid parser and runs it once (the first use costs tens of milliseconds of start-up); a command calls
    /// it on another thread at start so that the parser is ready when its workflow's templates are read.
    /// </summary>
    public static void Prepare() => Parser.TryParse("{{ a.b | size }}{% if a %}{% endif %}", out _, out _);

    /// <summary>True when <paramref name="text"/> contains Liquid markup at all.</summary>
    public static bool HasMarkup(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>Checks a template; on failure <paramref name="error"/> says why.</summary>
    public static bool TryValidateTemplate(string text, out string error, out IReadOnlyList<TemplateReference> references)
    {
        var parsed = ParseTemplate(text);
        error = parsed.Error ?? string.Empty;
        references = parsed.References;
        return parsed.Error is null;
    }

    /// <summary>Checks a condition (a Liquid boolean expression such as <c>review.approved and x != ""</c>).</summary>
    public static bool TryValidateCondition(string condition, out string error, out IReadOnlyList<TemplateReference> references)
    {
        var parsed = ParseCondition(condition);
        error = parsed.Error ?? string.Empty;
        references = parsed.References;
        return parsed.Error is null;
    }

    /// <summary>Checks an expression (e.g. <c>fetch.results</c> or <c>items | where: "x"</c>).</summary>
    public static bool TryValidateExpression(string expression, out string error, out IReadOnlyList<TemplateReference> references) =>
        TryValidateTemplate(ExpressionTemplate(expression), out error, out references);

    internal static Parsed ParseTemplate(string text) => GetOrAdd("t:" + text, text, static t => t);

    internal static Parsed ParseCondition(string condition)
    {
        if (condition.Contains("%}", StringComparison.Ordinal) || condition.Contains("{%", StringComparison.Ordinal)
            || condition.Contains("{{", StringComparison.Ordinal))
        {
            return new Parsed(null, "a condition is a bare Liquid expression; remove '{{', '{%' and '%}'", [], []);
        }

        return GetOrAdd("c:" + condition, condition, static c => $"{{% if {c} %}}true{{% endif %}}");
    }

    internal static string ExpressionTemplate(string expression) => $"{{{{ {expression} }}}}";

    /// <summary>The expression of a template that is exactly one <c>{{ expr }}</c> output, else null.</summary>
    internal static Expression? SingleExpression(IFluidTemplate template)
    {
        if (template is IStatementList { Statements: [OutputStatement output] })
        {
            return output.Expression;
        }

        return null;
    }

    private static Parsed GetOrAdd(string key, string text, Func<string, string> wrap)
    {
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        Parsed parsed;
        if (Parser.TryParse(wrap(text), out var template, out var error))
        {
            parsed = new Parsed(template, null, ReferenceCollector.Collect(template), ReferenceCollector.CollectReads(template));
        }
        else
        {
            parsed = new Parsed(null, Clean(error), [], []);
        }

        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[key] = parsed;
        return parsed;
    }

    // Fluid appends the source on extra lines; diagnostics are one line, and the JSON path already says where.
    private static string Clean(string? error) =>
        string.IsNullOrWhiteSpace(error) ? "invalid Liquid syntax" : error.Trim().Split('\n')[0].Trim();

    internal sealed record Parsed(IFluidTemplate? Template, string? Error, IReadOnlyList<TemplateReference> References, IReadOnlyList<TemplateRead> Reads);
}
