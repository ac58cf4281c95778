using System.Text;

namespace AgentFlow.Memory;

/// <summary>
/// Blob names of <see cref="BlobMemoryStore"/>: <c>index.json</c> for the embedder, and
/// <c>agents/{escaped agent}/{escaped id}.json</c> per record. Escaping keeps UTF-8 bytes in [a-z0-9-] and writes every
/// other byte as <c>_</c> plus two upper-case hex digits, so it is injective, never yields <c>/</c> or <c>.</c>, and the
/// <c>/</c> after the agent segment terminates it: no agent's prefix is a prefix of another agent's.
/// </summary>
internal static class BlobMemoryNames
{
    /// <summary>The blob naming the embedder and dimensions the container's vectors were made with.</summary>
    public const string IndexMeta = "index.json";

    /// <summary>The common prefix of every record blob.</summary>
    public const string AgentsRoot = "agents/";

    private const string RecordSuffix = ".json";

    /// <summary>The exact listing prefix of <paramref name="agent"/>'s records.</summary>
    public static string AgentPrefix(string agent) => AgentsRoot + Escape(agent) + "/";

    /// <summary>The blob holding record <paramref name="id"/> of <paramref name="agent"/>.</summary>
    public static string Record(string agent, string id) => AgentPrefix(agent) + Escape(id) + RecordSuffix;

    /// <summary>The escaped form of <paramref name="value"/> (see the type's remarks).</summary>
    public static string Escape(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var escaped = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-')
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append('_').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }
}
