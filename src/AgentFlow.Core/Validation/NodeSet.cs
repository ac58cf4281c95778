namespace AgentFlow.Core.Validation;

/// <summary>
/// A set of a scope's nodes, read from a row of a <see cref="NodeSetTable"/> (or a row of its own), plus at most one
/// node added on top without copying the row: what a node makes available is its own set plus itself.
/// </summary>
internal readonly struct NodeSet(ulong[] bits, int offset, int words, int extra = -1)
{
    /// <summary>The words of the row, without <see cref="Extra"/>.</summary>
    public ReadOnlySpan<ulong> Row => bits.AsSpan(offset, words);

    /// <summary>The node added on top of the row, or -1.</summary>
    public int Extra => extra;

    public bool this[int node] => node == extra || (bits[offset + (node >> 6)] & (1UL << (node & 63))) != 0;

    /// <summary>The same set with <paramref name="node"/> in it too (the row must not already carry an extra).</summary>
    public NodeSet With(int node) => new(bits, offset, words, node);

    /// <summary>A set of its own with the same members.</summary>
    public ulong[] ToArray()
    {
        var copy = Row.ToArray();
        if (extra >= 0)
        {
            copy[extra >> 6] |= 1UL << (extra & 63);
        }

        return copy;
    }

    /// <summary>Keeps in <paramref name="target"/> only the members of this set.</summary>
    public void IntersectInto(Span<ulong> target)
    {
        var keepExtra = extra >= 0 && (target[extra >> 6] & (1UL << (extra & 63))) != 0;
        var row = Row;
        for (var w = 0; w < target.Length; w++)
        {
            target[w] &= row[w];
        }

        if (keepExtra)
        {
            target[extra >> 6] |= 1UL << (extra & 63);
        }
    }

    /// <summary>A set over its own words (no extra).</summary>
    public static NodeSet Of(ulong[] words) => new(words, 0, words.Length);
}
