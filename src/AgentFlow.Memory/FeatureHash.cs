namespace AgentFlow.Memory;

/// <summary>
/// 64-bit FNV-1a over UTF-16 code units with a final avalanche, so the hashes (and thus every stored embedding) are
/// the same in every process and on every machine, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
internal struct FeatureHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private ulong _state;

    /// <summary>Starts a hash for a feature of <paramref name="kind"/>, so "a" as a word and "a" as a 3-gram differ.</summary>
    public static FeatureHash Start(char kind)
    {
        var hash = new FeatureHash { _state = OffsetBasis };
        hash.Append(kind);
        return hash;
    }

    public void Append(char c)
    {
        // Both bytes of the code unit, so non-Latin text hashes as well as ASCII.
        _state = (_state ^ (byte)c) * Prime;
        _state = (_state ^ (byte)(c >> 8)) * Prime;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            Append(c);
        }
    }

    /// <summary>The hash, mixed so that its low bits (the bucket) and its top bit (the sign) are independent.</summary>
    public readonly ulong Finish()
    {
        var h = _state;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
