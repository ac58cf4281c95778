using AgentFlow.Core.Model.Shapes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation;

/// <summary>Follows a read path through a <see cref="ValueShape"/>, as Fluid would resolve it at run time.</summary>
internal static class ShapeWalker
{
    /// <summary>
    /// The shape at the end of <paramref name="segments"/>, or the index of the first segment that cannot exist
    /// (<c>Failed</c> ≥ 0, with <c>Shape</c> the value it was read on). Reads under an untyped value always succeed.
    /// </summary>
    public static (ValueShape Shape, int Failed) Walk(ValueShape shape, IReadOnlyList<ReadSegment> segments)
    {
        for (var i = 0; i < segments.Count && shape.Kind != ShapeKind.Untyped; i++)
        {
            if (Step(shape, segments[i]) is not { } next)
            {
                return (shape, i);
            }

            shape = next;
        }

        return (shape, -1);
    }

    /// <summary>One step; null when the member cannot exist on <paramref name="shape"/>.</summary>
    public static ValueShape? Step(ValueShape shape, ReadSegment segment)
    {
        if (segment.Name is not { } name)
        {
            // An index: a list gives an item; anything else (a computed key of an object, a character) is not tracked.
            return shape.Kind switch
            {
                ShapeKind.Array => shape.Item ?? ValueShape.Untyped,
                ShapeKind.None => null,
                _ => ValueShape.Untyped,
            };
        }

        return shape.Kind switch
        {
            ShapeKind.Untyped => ValueShape.Untyped,
            ShapeKind.Record when shape.Properties.TryGetValue(name, out var property) => property,
            ShapeKind.Record when shape.IsOpen => ValueShape.Untyped,
            ShapeKind.Record or ShapeKind.Array or ShapeKind.Text when name == "size" => ValueShape.Number,
            ShapeKind.Array when name is "first" or "last" => shape.Item ?? ValueShape.Untyped,
            ShapeKind.Text when name is "first" or "last" => ValueShape.Text,
            _ => null,
        };
    }

    /// <summary>The names that can be read on <paramref name="shape"/>, for hints.</summary>
    public static IReadOnlyList<string> Members(ValueShape shape) => shape.Kind switch
    {
        ShapeKind.Record => [.. shape.Properties.Keys],
        ShapeKind.Array => ["size", "first", "last"],
        ShapeKind.Text => ["size", "first", "last"],
        _ => [],
    };
}
