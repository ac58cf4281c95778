using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Templates;
using Fluid.Ast;
using Fluid.Values;

namespace AgentFlow.Core.Validation;

/// <summary>
/// The shape of a Liquid expression: a path through the shapes of the names it reads, then what each filter makes
/// of it. A filter not listed here gives an untyped value, so nothing after it is checked.
/// </summary>
internal static class ExpressionShapes
{
    private static readonly HashSet<string> StringFilters = new(StringComparer.Ordinal)
    {
        "append", "prepend", "upcase", "downcase", "capitalize", "strip", "lstrip", "rstrip", "truncate", "truncatewords",
        "replace", "replace_first", "remove", "remove_first", "escape", "escape_once", "url_encode", "url_decode",
        "strip_html", "strip_newlines", "newline_to_br", "join", "date", "json", "base64_encode", "base64_decode",
        "email_address", "email_domain",
    };

    private static readonly HashSet<string> NumberFilters = new(StringComparer.Ordinal)
    {
        "size", "plus", "minus", "times", "divided_by", "modulo", "abs", "ceil", "floor", "round", "at_least", "at_most",
    };

    // Filters that keep a list a list of the same items.
    private static readonly HashSet<string> ListFilters = new(StringComparer.Ordinal)
    {
        "where", "sort", "sort_natural", "reverse", "uniq", "compact", "concat",
    };

    public static ValueShape Of(Expression expression, Func<string, ValueShape> root) => expression switch
    {
        MemberExpression { Segments: [IdentifierSegment first, ..] } member => Path(member, first.Identifier, root),
        LiteralExpression literal => literal.Value.Type switch
        {
            FluidValues.String => ValueShape.Text,
            FluidValues.Number => ValueShape.Number,
            FluidValues.Boolean => ValueShape.Boolean,
            _ => ValueShape.Untyped,
        },
        FilterExpression filter => Filter(filter, Of(filter.Input, root), root),
        _ => ValueShape.Untyped,
    };

    private static ValueShape Path(MemberExpression member, string name, Func<string, ValueShape> root)
    {
        var (shape, failed) = ShapeWalker.Walk(root(name), ReferenceCollector.SegmentsAfterRoot(member));

        // A wrong read is reported where it is written; what it gives is unknown.
        return failed >= 0 ? ValueShape.Untyped : shape;
    }

    private static ValueShape Filter(FilterExpression filter, ValueShape input, Func<string, ValueShape> root)
    {
        var name = filter.Name;
        if (name == "default")
        {
            return filter.Parameters.Count > 0 ? ValueShape.Common([input, Of(filter.Parameters[0].Expression, root)]) : input;
        }

        if (name is "first" or "last")
        {
            return input.Kind == ShapeKind.Array ? input.Item ?? ValueShape.Untyped : ValueShape.Untyped;
        }

        if (ListFilters.Contains(name))
        {
            return input.Kind == ShapeKind.Array ? input : ValueShape.Untyped;
        }

        if (name == "map" && input is { Kind: ShapeKind.Array, Item: { } item } && filter.Parameters is [{ Expression: LiteralExpression { Value.Type: FluidValues.String } key }])
        {
            return ShapeWalker.Step(item, new ReadSegment(key.Value.ToStringValue(), null, IsIndex: false)) is { } mapped
                ? ValueShape.Array(mapped)
                : ValueShape.Untyped;
        }

        if (name == "split")
        {
            return ValueShape.Array(ValueShape.Text);
        }

        return StringFilters.Contains(name) ? ValueShape.Text : NumberFilters.Contains(name) ? ValueShape.Number : ValueShape.Untyped;
    }
}
