using Fluid;
using Fluid.Ast;

namespace AgentFlow.Core.Templates;

/// <summary>Walks a parsed template and lists the external names it reads (names it assigns itself are left out).</summary>
internal sealed class ReferenceCollector : AstVisitor
{
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal);
    private readonly List<TemplateReference> _references = [];

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

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        var segments = memberExpression.Segments;
        if (segments.Count > 0 && segments[0] is IdentifierSegment root)
        {
            var member = segments.Count > 1 && segments[1] is IdentifierSegment second ? second.Identifier : null;
            _references.Add(new TemplateReference(root.Identifier, member));
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

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        _locals.Add(forStatement.Identifier);
        return base.VisitForStatement(forStatement);
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        _locals.Add(assignStatement.Identifier);
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        _locals.Add(captureStatement.Identifier);
        return base.VisitCaptureStatement(captureStatement);
    }
}
