using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace AgentFlow.Core.Templates;

/// <summary>Walks a parsed template and lists the external names it reads (names it assigns itself are left out).</summary>
internal sealed class ReferenceCollector : AstVisitor
{
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal);
    private readonly List<TemplateReference> _references = [];
    private readonly List<TemplateRead> _reads = [];
    private readonly HashSet<MemberExpression> _withFallback = [];

    // For-loop variables bound once to a plain path (`{% for s in summarise.items %}`): their reads are reads of an
    // item of that path. A name bound twice or also assigned is left untyped (the collector does not track scopes).
    private readonly Dictionary<string, MemberExpression?> _loopSources = new(StringComparer.Ordinal);

    public static IReadOnlyList<TemplateReference> Collect(IFluidTemplate template)
    {
        var collector = new ReferenceCollector();
        collector.VisitTemplate(template);
        return [.. collector._references.Where(r => !collector._locals.Contains(r.Root)).Distinct()];
    }

    public static IReadOnlyList<TemplateReference> Collect(Expression expression)
    {
        var collector = new ReferenceCollector();
        collector.Visit(expression);
        return [.. collector._references.Distinct()];
    }

    /// <summary>Every external path <paramref name="template"/> reads, segment by segment.</summary>
    public static IReadOnlyList<TemplateRead> CollectReads(IFluidTemplate template)
    {
        var collector = new ReferenceCollector();
        collector.VisitTemplate(template);
        return [.. collector._reads.Select(collector.ThroughLoops).OfType<TemplateRead>().DistinctBy(r => r.Key)];
    }

    /// <summary>Every path <paramref name="expression"/> reads, its local names included (the caller resolves those).</summary>
    public static IReadOnlyList<TemplateRead> CollectReads(Expression expression)
    {
        var collector = new ReferenceCollector();
        collector.Visit(expression);
        return [.. collector._reads.DistinctBy(r => r.Key)];
    }

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        // `x | default: y` says the author expects x to be missing sometimes (e.g. a node some path skips).
        if (filterExpression.Name == "default" && filterExpression.Input is MemberExpression input)
        {
            _withFallback.Add(input);
        }

        return base.VisitFilterExpression(filterExpression);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        var segments = memberExpression.Segments;
        if (segments.Count > 0 && segments[0] is IdentifierSegment root)
        {
            var member = segments.Count > 1 && segments[1] is IdentifierSegment second ? second.Identifier : null;
            _references.Add(new TemplateReference(root.Identifier, member));
            _reads.Add(new TemplateRead(root.Identifier, [.. segments.Skip(1).Select(Segment)], _withFallback.Contains(memberExpression)));
        }

        foreach (var segment in segments)
        {
            if (segment is IndexerSegment indexer)
            {
                Visit(indexer.Expression);
            }
        }

        return memberExpression;
    }

    /// <summary>The segments of <paramref name="member"/> after its root name.</summary>
    public static IReadOnlyList<ReadSegment> SegmentsAfterRoot(MemberExpression member) => [.. member.Segments.Skip(1).Select(Segment)];

    private static ReadSegment Segment(MemberSegment segment) => segment switch
    {
        IdentifierSegment identifier => new ReadSegment(identifier.Identifier, null, IsIndex: false),
        IndexerSegment { Expression: LiteralExpression literal } when literal.Value.Type == FluidValues.String =>
            new ReadSegment(literal.Value.ToStringValue(), null, IsIndex: true),
        IndexerSegment { Expression: LiteralExpression literal } when literal.Value.Type == FluidValues.Number =>
            new ReadSegment(null, (int)literal.Value.ToNumberValue(), IsIndex: true),
        _ => new ReadSegment(null, null, IsIndex: true),
    };

    /// <summary>
    /// A read of a <c>for</c> variable becomes a read of an item of the loop's list (<c>s.text</c> in
    /// <c>{% for s in summarise.items %}</c> is <c>summarise.items[].text</c>); other locals are not checked (null).
    /// </summary>
    private TemplateRead? ThroughLoops(TemplateRead read)
    {
        var current = read;
        for (var depth = 0; depth < 16 && _locals.Contains(current.Root); depth++)
        {
            if (!_loopSources.TryGetValue(current.Root, out var source) || source is null || source.Segments[0] is not IdentifierSegment root)
            {
                return null;
            }

            current = new TemplateRead(
                root.Identifier, [.. SegmentsAfterRoot(source), new ReadSegment(null, null, IsIndex: true), .. current.Segments], current.HasFallback, ViaLoop: true);
        }

        return _locals.Contains(current.Root) ? null : current;
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        var name = forStatement.Identifier;
        _loopSources[name] = !_locals.Contains(name) && forStatement.Source is MemberExpression { Segments: [IdentifierSegment, ..] } source ? source : null;
        _locals.Add(name);
        return base.VisitForStatement(forStatement);
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        _loopSources[assignStatement.Identifier] = null;
        _locals.Add(assignStatement.Identifier);
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        _loopSources[captureStatement.Identifier] = null;
        _locals.Add(captureStatement.Identifier);
        return base.VisitCaptureStatement(captureStatement);
    }
}
