namespace AgentFlow.Memory.Retrieval;

/// <summary>Settings of <see cref="RetrievalService"/>; the defaults suit small to medium document sets.</summary>
public sealed class RetrievalOptions
{
    /// <summary>Most tokens in a chunk (<c>cl100k_base</c> tokens, at least 8). Default 200.</summary>
    public int ChunkTokens { get; set; } = 200;

    /// <summary>Tokens a chunk repeats from the end of the previous one (at most half of <see cref="ChunkTokens"/>). Default 40.</summary>
    public int ChunkOverlapTokens { get; set; } = 40;

    /// <summary>How many candidates each ranker (BM25 and vector) contributes to the fusion; at least the requested top. Default 50.</summary>
    public int Candidates { get; set; } = 50;

    /// <summary>The constant of reciprocal-rank fusion: a candidate at rank r adds 1 / (k + r). Default 60.</summary>
    public int FusionK { get; set; } = 60;

    /// <summary>Time limit of one GET of an <c>rss</c> URL or <c>http</c> source. Default 30 seconds.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body accepted from a remote source. Default 10 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// How long a remote source, once indexed, is searched without fetching it again (per process). Local sources are
    /// re-checked on every search: cheaply, by file sizes and write times. Default 15 minutes.
    /// </summary>
    public TimeSpan RemoteRefreshInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Folders that <c>files</c> and <c>rss</c> source paths may reach besides the workflow's own folder (and below),
    /// the <c>allowPaths</c> setting of agentflow.json. Relative entries are taken from the working directory.
    /// Default: none, so sources stay in the workflow's folder.
    /// </summary>
    public IReadOnlyList<string> AllowPaths { get; set; } = [];
}
