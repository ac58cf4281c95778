using System.Globalization;
using System.Text.Json;
using AgentFlow.Core.Model;

namespace AgentFlow.Agents.Tools;

/// <summary>The settings of one <c>http</c> tool declaration, with the host's defaults filled in.</summary>
internal sealed record HttpToolSettings
{
    private static readonly JsonElement NoSettings = JsonDocument.Parse("{}").RootElement.Clone();

    public required string Url { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>The <c>headers</c> object (values are templates), or default when none.</summary>
    public JsonElement Headers { get; init; }

    /// <summary>The <c>body</c> value (strings inside are templates), or default when none.</summary>
    public JsonElement Body { get; init; }

    /// <summary>The <c>allowHosts</c> entries as written, for messages.</summary>
    public required IReadOnlyList<string> AllowHosts { get; init; }

    /// <summary>The valid <c>allowHosts</c> entries, parsed.</summary>
    public required IReadOnlyList<AllowedHost> AllowedHosts { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required long MaxResponseBytes { get; init; }

    /// <summary>Without a <c>body</c>, POST, PUT and PATCH send the call's args as JSON.</summary>
    public bool SendsArgs => Body.ValueKind == JsonValueKind.Undefined && (Method == HttpMethod.Post || Method == HttpMethod.Put || Method == HttpMethod.Patch);

    /// <summary>Reads the declaration; what is missing or malformed goes to <paramref name="problems"/>.</summary>
    public static HttpToolSettings Read(ToolDefinition tool, HttpToolOptions defaults, List<string> problems)
    {
        var settings = tool.Settings.ValueKind == JsonValueKind.Object ? tool.Settings : NoSettings;
        var what = $"http tool '{tool.Name}'";
        var url = String(settings, "url");
        if (url is null)
        {
            problems.Add($"{what} has no url");
        }

        var hosts = settings.TryGetProperty("allowHosts", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        if (hosts.Count == 0)
        {
            problems.Add($"{what} has no allowHosts, so every request would be refused: list the hosts it may call");
        }

        var allowed = new List<AllowedHost>();
        for (var i = 0; i < hosts.Count; i++)
        {
            if (AllowedHost.TryParse(hosts[i], out var host, out var error))
            {
                allowed.Add(host);
            }
            else
            {
                problems.Add($"{what}: allowHosts[{i}] {error}");
            }
        }

        var timeout = defaults.DefaultTimeout;
        if (String(settings, "timeout") is { } text && !IsoDuration.TryParse(text, out timeout))
        {
            problems.Add($"{what} has timeout '{text}', which is not an ISO-8601 duration such as PT30S");
        }

        var max = defaults.DefaultMaxResponseBytes;
        if (settings.TryGetProperty("maxResponseBytes", out var m) && (m.ValueKind != JsonValueKind.Number || !m.TryGetInt64(out max) || max < 1))
        {
            problems.Add($"{what} has maxResponseBytes {m.GetRawText()}; use a whole number of bytes of at least 1");
        }

        return new HttpToolSettings
        {
            Url = url ?? string.Empty,
            Method = new HttpMethod((String(settings, "method") ?? "GET").ToUpperInvariant()),
            Headers = settings.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object ? headers : default,
            Body = settings.TryGetProperty("body", out var body) ? body : default,
            AllowHosts = hosts,
            AllowedHosts = allowed,
            Timeout = timeout,
            MaxResponseBytes = max,
        };
    }

    /// <summary>
    /// True when <paramref name="uri"/> is http(s) and an <c>allowHosts</c> entry allows it: one naming its host without
    /// a port, or naming its host and its port (the scheme's default port when the URL has none).
    /// </summary>
    public bool Allows(Uri uri) =>
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && AllowedHosts.Any(h => h.Allows(uri));

    /// <summary>
    /// When <paramref name="uri"/>'s host is listed only with other ports, why it is refused (naming the pinned ports and
    /// the entry to add); null when the host is not listed at all.
    /// </summary>
    public string? PortRefusal(Uri uri)
    {
        var pinned = AllowedHosts.Where(h => h.MatchesHost(uri)).Select(h => h.Port).ToList();
        if (pinned.Count == 0 || pinned.Contains(null))
        {
            return null;
        }

        var port = uri.Port.ToString(CultureInfo.InvariantCulture);
        var entry = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]:{port}" : $"{uri.IdnHost}:{port}";
        var ports = string.Join(", ", pinned.Select(p => p!.Value.ToString(CultureInfo.InvariantCulture)));
        return $"port {port} of {uri.Host} is not allowed: allowHosts pins {uri.Host} to port {ports}; add \"{entry}\" to allowHosts to allow it";
    }

    private static string? String(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
