namespace AgentFlow.Memory;

/// <summary>The files of one generation of an agent's vectors (see <see cref="VectorFileLayout"/>).</summary>
internal enum VectorFileKind
{
    /// <summary><c>.q8</c>: int8 codes, scale, code sum, created, expires.</summary>
    Codes,

    /// <summary><c>.f32</c>: rowid and float32 vector.</summary>
    Floats,

    /// <summary><c>.q4</c>: 4-bit codes, step and expires: the first pass of a search without recency.</summary>
    Nibbles,
}
