namespace AgentFlow.Core.Model.Shapes;

/// <summary>What a <see cref="ValueShape"/> knows about a value.</summary>
public enum ShapeKind
{
    /// <summary>Nothing is known: every read under it is allowed.</summary>
    Untyped,

    /// <summary>An object with known properties.</summary>
    Record,

    /// <summary>A list whose items have one shape.</summary>
    Array,

    /// <summary>A string.</summary>
    Text,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>The node produces no output at all (<c>switch</c>, <c>parallel</c>, <c>wait</c>, <c>end</c>, <c>fail</c>).</summary>
    None,
}
