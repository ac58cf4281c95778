using Fluid;
using Fluid.Ast;

namespace AgentFlow.Core.Templates;

/// <summary>
/// Rewrites a prompt so that each output statement whose value carries untrusted data is marked when rendered
/// (<see cref="SpotlightStatement"/>). What is untrusted is decided per path read (<c>fetch.results[0].text</c>);
/// template locals carry what they were made from: a <c>for</c> variable its list, an <c>assign</c> its value, a
/// <c>capture</c> what it printed (decided once for the whole template, wherever the local is set).
/// </summary>
internal sealed class SpotlightRewriter : AstRewriter
{
    private const int MaxRounds = 16;

    private readonly Func<TemplateRead, bool> _isUntrusted;
    private readonly Dictionary<string, bool> _locals = new(StringComparer.Ordinal);

    private SpotlightRewriter(Func<TemplateRead, bool> isUntrusted) => _isUntrusted = isUntrusted;

    /// <summary>The rewritten template, and whether any statement was wrapped.</summary>
    public static (IFluidTemplate Template, bool Marks) Rewrite(IFluidTemplate template, Func<TemplateRead, bool> isUntrusted)
    {
        var rewriter = new SpotlightRewriter(isUntrusted);
        var locals = new LocalSources();
        locals.VisitTemplate(template);
        for (var round = 0; round < MaxRounds; round++)
        {
            var changed = false;
            foreach (var (name, reads) in locals.Sources)
            {
                var untrusted = reads.Any(rewriter.Untrusted);
                if (untrusted && !rewriter._locals.GetValueOrDefault(name))
                {
                    changed = true;
                }

                rewriter._locals[name] = rewriter._locals.GetValueOrDefault(name) || untrusted;
            }

            if (!changed)
            {
                break;
            }
        }

        var rewritten = rewriter.VisitTemplate(template);
        return (rewritten, !ReferenceEquals(rewritten, template));
    }

    protected override Statement VisitOutputStatement(OutputStatement outputStatement) =>
        ReferenceCollector.CollectReads(outputStatement.Expression).Any(Untrusted) ? new SpotlightStatement(outputStatement) : outputStatement;

    // What a capture prints is marked where the captured variable is printed, not twice.
    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement) => captureStatement;

    private bool Untrusted(TemplateRead read) =>
        _locals.TryGetValue(read.Root, out var local) ? local : _isUntrusted(read);

    /// <summary>Per local name, every path read by what sets it.</summary>
    private sealed class LocalSources : AstVisitor
    {
        public Dictionary<string, List<TemplateRead>> Sources { get; } = new(StringComparer.Ordinal);

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Add(forStatement.Identifier, ReferenceCollector.CollectReads(forStatement.Source));
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Add(assignStatement.Identifier, ReferenceCollector.CollectReads(assignStatement.Value));
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            var inner = new ReadsOfOutputs();
            foreach (var statement in captureStatement.Statements)
            {
                inner.Visit(statement);
            }

            Add(captureStatement.Identifier, inner.Reads);
            return base.VisitCaptureStatement(captureStatement);
        }

        private void Add(string name, IEnumerable<TemplateRead> reads)
        {
            if (!Sources.TryGetValue(name, out var list))
            {
                Sources[name] = list = [];
            }

            list.AddRange(reads);
        }
    }

    /// <summary>The paths every output statement (at any depth) reads.</summary>
    private sealed class ReadsOfOutputs : AstVisitor
    {
        public List<TemplateRead> Reads { get; } = [];

        protected override Statement VisitOutputStatement(OutputStatement outputStatement)
        {
            Reads.AddRange(ReferenceCollector.CollectReads(outputStatement.Expression));
            return outputStatement;
        }
    }
}
