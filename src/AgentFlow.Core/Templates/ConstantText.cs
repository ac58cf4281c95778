using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;

namespace AgentFlow.Core.Templates;

/// <summary>
/// What a template writes from constants alone: its literal text plus every output made only of literals and filters
/// (<c>{{ 'sk-' | append: 'abc' }}</c>). Outputs that read state and tags are replaced by a line break, so constants are
/// never joined across them. Used to find credentials spelled inside template markup.
/// </summary>
internal static class ConstantText
{
    private const string Break = "\n";
    private static readonly TemplateOptions Options = new() { MaxSteps = 10_000, MaxRecursion = 8 };

    /// <summary>The constant text of <paramref name="template"/>; null when it has no markup, does not parse, or outputs no constant.</summary>
    public static string? Of(string template)
    {
        if (!TemplateSyntax.HasMarkup(template) || TemplateSyntax.ParseTemplate(template).Template is not IStatementList list
            || !list.Statements.Any(s => s is OutputStatement output && IsConstant(output.Expression)))
        {
            // No output made of constants alone: nothing to fold (and no render context to create).
            return null;
        }

        var context = new TemplateContext(Options);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var folded = false;
        foreach (var statement in list.Statements)
        {
            var constant = statement switch
            {
                TextSpanStatement => true,
                OutputStatement output => IsConstant(output.Expression),
                _ => false,
            };
            folded |= constant && statement is OutputStatement;
            if (!constant || !TryWrite(statement, writer, context))
            {
                writer.Write(Break);
            }
        }

        return folded ? writer.ToString() : null;
    }

    private static bool TryWrite(Statement statement, StringWriter writer, TemplateContext context)
    {
        try
        {
            return CompletedAtOnce(statement.WriteToAsync(writer, NullEncoder.Default, context));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A filter that fails on constants (divided_by: 0, a bad date format) fails at run time too; no secret here.
            return false;
        }
    }

    // Literals and filters complete synchronously; anything that would have to wait is not treated as a constant.
    private static bool CompletedAtOnce(ValueTask<Completion> writing)
    {
        if (writing.IsCompletedSuccessfully)
        {
            _ = writing.Result;
            return true;
        }

        _ = writing.AsTask();
        return false;
    }

    private static bool IsConstant(Expression expression)
    {
        var finder = new StateReadFinder();
        finder.Visit(expression);
        return !finder.ReadsState;
    }

    /// <summary>Notices any variable read (a member expression) inside an expression.</summary>
    private sealed class StateReadFinder : AstVisitor
    {
        public bool ReadsState { get; private set; }

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            ReadsState = true;
            return memberExpression;
        }
    }
}
