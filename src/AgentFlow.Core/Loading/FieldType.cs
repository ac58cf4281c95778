namespace AgentFlow.Core.Loading;

/// <summary>The JSON shape a field accepts.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members name JSON value types on purpose.")]
public enum FieldType
{
    /// <summary>A plain string.</summary>
    String,

    /// <summary>A string that is a Liquid template.</summary>
    Template,

    /// <summary>A string that is a Liquid expression (e.g. <c>fetch.results</c>).</summary>
    Expression,

    /// <summary>A string that names a node.</summary>
    NodeRef,

    /// <summary>An integer.</summary>
    Integer,

    /// <summary>Any number.</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>An ISO-8601 duration string such as <c>PT30S</c>.</summary>
    Duration,

    /// <summary>An array of strings.</summary>
    StringArray,

    /// <summary>An object whose string leaves are Liquid templates.</summary>
    TemplateObject,

    /// <summary>An object or a template string (the workflow <c>output</c>).</summary>
    TemplateValue,

    /// <summary>A JSON Schema object.</summary>
    Schema,

    /// <summary>An object with its own field table, named by <see cref="FieldSpec.Section"/>.</summary>
    Object,

    /// <summary>A map from names to objects of the section named by <see cref="FieldSpec.Section"/>.</summary>
    Map,

    /// <summary>An array of objects of the section named by <see cref="FieldSpec.Section"/>.</summary>
    ObjectArray,

    /// <summary>A node id or a list of <c>{ when, to }</c> transitions.</summary>
    Next,

    /// <summary>An inline node or a <c>{ start, nodes }</c> sub-graph.</summary>
    NodeOrSubGraph,

    /// <summary>Any JSON value.</summary>
    Any,
}
