using System.Collections.Concurrent;
using Fluid;
using Fluid.Ast;

namespace AgentFlow.Core.Templates;

/// <summary>Parses Liquid templates, conditions and expressions once and caches the result.</summary>
public static class TemplateSyntax
{
    private const int CacheLimit = 10_000;
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false });

    // Templates and conditions apart, so a lookup needs no prefixed key string.
    private static readonly ParseCache Templates = new();
    private static readonly ParseCache Conditions = new();

    // The table of the validation pass running on this thread (see BeginPass), or null.
    [ThreadStatic]
    private static PassTables? _pass;

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

    internal static Parsed ParseTemplate(string text) => GetOrAdd(Templates, _pass?.Templates, text, static t => t);

    internal static Parsed ParseCondition(string condition)
    {
        if (condition.Contains("%}", StringComparison.Ordinal) || condition.Contains("{%", StringComparison.Ordinal)
            || condition.Contains("{{", StringComparison.Ordinal))
        {
            return new Parsed(null, "a condition is a bare Liquid expression; remove '{{', '{%' and '%}'", [], []);
        }

        return GetOrAdd(Conditions, _pass?.Conditions, condition, static c => $"{{% if {c} %}}true{{% endif %}}");
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

    /// <summary>
    /// Starts a validation pass on this thread: until the returned value is disposed, every template and condition
    /// parsed is also kept in a table of the pass, so the checks that read the same text again (templates, trust,
    /// approvals) find it even when the shared cache, bounded at 10,000 entries, was cleared meanwhile by a workflow
    /// of more templates than that. Passes nest (the inner one uses the outer table).
    /// </summary>
    internal static PassScope BeginPass()
    {
        var outer = _pass;
        _pass ??= new PassTables();
        return new PassScope(outer);
    }

    private static Parsed GetOrAdd(ParseCache cache, Dictionary<string, Parsed>? pass, string text, Func<string, string> wrap)
    {
        if (pass is not null && pass.TryGetValue(text, out var known))
        {
            return known;
        }

        if (!cache.Entries.TryGetValue(text, out var parsed))
        {
            if (Parser.TryParse(wrap(text), out var template, out var error))
            {
                parsed = new Parsed(template, null, ReferenceCollector.Collect(template), ReferenceCollector.CollectReads(template));
            }
            else
            {
                parsed = new Parsed(null, Clean(error), [], []);
            }

            cache.Add(text, parsed, inPass: pass is not null);
        }

        pass?.TryAdd(text, parsed);
        return parsed;
    }

    // Fluid appends the source on extra lines; diagnostics are one line, and the JSON path already says where.
    private static string Clean(string? error) =>
        string.IsNullOrWhiteSpace(error) ? "invalid Liquid syntax" : error.Trim().Split('\n')[0].Trim();

    internal sealed record Parsed(IFluidTemplate? Template, string? Error, IReadOnlyList<TemplateReference> References, IReadOnlyList<TemplateRead> Reads);

    /// <summary>Ends a validation pass begun by <see cref="BeginPass"/>.</summary>
    internal readonly struct PassScope(PassTables? outer) : IDisposable
    {
        public void Dispose() => _pass = outer;
    }

    /// <summary>The tables of one validation pass: single-threaded, unbounded, dropped when the pass ends.</summary>
    internal sealed class PassTables
    {
        public Dictionary<string, Parsed> Templates { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Parsed> Conditions { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// The shared cache, bounded: cleared when it passes <see cref="CacheLimit"/> entries. Its size is counted on
    /// insert (<see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes every lock of the table, which cost more
    /// than the parses it saved on large workflows).
    /// </summary>
    private sealed class ParseCache
    {
        private int _count;

        public ConcurrentDictionary<string, Parsed> Entries { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Adds an entry; past the limit the cache starts over, except during a validation pass, whose own table
        /// holds the rest: a workflow of more templates than the limit would otherwise clear it again and again.
        /// </summary>
        public void Add(string text, Parsed parsed, bool inPass)
        {
            if (inPass && Volatile.Read(ref _count) >= CacheLimit)
            {
                return;
            }

            if (Entries.TryAdd(text, parsed) && Interlocked.Increment(ref _count) > CacheLimit)
            {
                Interlocked.Exchange(ref _count, 0);
                Entries.Clear();
            }
        }
    }
}
