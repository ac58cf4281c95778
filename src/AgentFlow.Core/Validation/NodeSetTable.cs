namespace AgentFlow.Core.Validation;

/// <summary>
/// One set of nodes per node of a scope, all rows in one array: the availability analysis updates rows in place and
/// compares them without copying, and readers get a <see cref="NodeSet"/> view of a row.
/// </summary>
internal sealed class NodeSetTable
{
    private readonly ulong[] _bits;

    /// <summary>A table of <paramref name="count"/> rows over <paramref name="count"/> nodes, all empty or all full.</summary>
    public NodeSetTable(int count, bool full)
    {
        Length = count;
        Words = (count + 63) >> 6;
        _bits = new ulong[(long)Words * count];
        if (full && count > 0)
        {
            _bits.AsSpan().Fill(ulong.MaxValue);
            var tail = count & 63;
            if (tail != 0)
            {
                // Bits past the last node stay clear, so rows compare equal exactly when their members do.
                for (var row = 0; row < count; row++)
                {
                    _bits[(row * Words) + Words - 1] = (1UL << tail) - 1;
                }
            }
        }
    }

    /// <summary>Rows (and nodes) in the table.</summary>
    public int Length { get; }

    /// <summary>Words per row.</summary>
    public int Words { get; }

    public NodeSet this[int row] => new(_bits, row * Words, Words);

    /// <summary>The words of a row, to update in place.</summary>
    public Span<ulong> Row(int row) => _bits.AsSpan(row * Words, Words);
}
