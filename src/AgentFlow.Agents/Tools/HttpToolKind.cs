using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Tools.Policy;
using AgentFlow.Core.Model;
using AgentFlow.Core.Templates;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// The <c>http</c> tool kind. Settings: <c>url</c> and <c>headers</c> are templates rendered with the call's args as
/// state (<c>"https://api.example.com/orders/{{ id | url_encode }}"</c>), <c>method</c> (default GET), <c>body</c>
/// (strings inside are templates; without it POST/PUT/PATCH send the args as JSON), <c>allowHosts</c> (every URL,
/// redirects included, must name one of them; an entry with a port, <c>host:port</c> or <c>[::1]:8080</c>, allows only
/// that port of the host), <c>timeout</c>, <c>maxResponseBytes</c>. Result:
/// <c>{ status, headers: { content-type }, body }</c>, the body parsed when it is JSON. The host's
/// <see cref="ToolPolicyOptions"/> cap <c>allowHosts</c>, and every connection is checked after DNS resolution
/// (loopback, link-local, metadata and, in strict mode, private addresses are refused unless the host lists them).
/// Secrets belong in the host's environment-backed settings, never in workflow JSON: headers are rendered from args only.
/// </summary>
public sealed class HttpToolKind : IToolKind, IDisposable
{
    private const int ExcerptChars = 200;

    private readonly HttpToolOptions _options;
    private readonly ToolPolicy _policy;
    private readonly HttpClient _client;

    /// <summary>
    /// Creates the kind with the host's defaults (<see cref="HttpToolOptions"/>) and ceilings
    /// (<see cref="ToolPolicyOptions"/>; none when null).
    /// </summary>
    /// <exception cref="Abstractions.Configuration.ConfigurationException">A ceiling entry is malformed.</exception>
    public HttpToolKind(HttpToolOptions? options = null, ToolPolicyOptions? policy = null)
    {
        _options = options ?? new HttpToolOptions();
        _policy = ToolPolicy.From(policy);

        // One client per kind: pooled connections; every connection goes through the address check (a proxy would
        // resolve names out of its sight, so none is used); redirects are followed by hand so each hop is checked.
        var connector = new GuardedConnector(_policy.Http, _options.ResolveHost);
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ConnectCallback = connector.ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc />
    public string Kind => "http";

    /// <summary>Closes the kind's pooled connections.</summary>
    public void Dispose() => _client.Dispose();

    /// <inheritdoc />
    public IEnumerable<string> Check(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var problems = new List<string>();
        var settings = HttpToolSettings.Read(tool, _options, problems);
        for (var i = 0; i < settings.AllowedHosts.Count; i++)
        {
            if (_policy.Http.EntryRefusal(tool.Name, settings.AllowHosts[i], settings.AllowedHosts[i]) is { } refusal)
            {
                problems.Add(refusal);
            }
        }

        var isTemplate = settings.Url.Contains("{{", StringComparison.Ordinal) || settings.Url.Contains("{%", StringComparison.Ordinal);
        if (problems.Count == 0 && !isTemplate && Uri.TryCreate(settings.Url, UriKind.Absolute, out var uri) && !settings.Allows(uri))
        {
            problems.Add(settings.PortRefusal(uri) is { } port
                ? $"http tool '{tool.Name}' calls {uri.Scheme}://{uri.Authority}, but {port}"
                : $"http tool '{tool.Name}' calls {uri.Scheme}://{uri.Authority}, which is not in its allowHosts ({string.Join(", ", settings.AllowHosts)})");
        }

        return problems;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        var name = toolCall.Tool.Name;
        var problems = new List<string>();
        var settings = HttpToolSettings.Read(toolCall.Tool, _options, problems);
        if (problems.Count > 0)
        {
            throw new NodeExecutionException(problems[0]);
        }

        var url = await RenderUrlAsync(name, settings, toolCall.Args, cancellationToken).ConfigureAwait(false);
        if (!_policy.Http.Allows(url))
        {
            throw new NodeExecutionException(CeilingRefusal(name, url, "is refused"));
        }

        var headers = await RenderHeadersAsync(name, settings, toolCall.Args, cancellationToken).ConfigureAwait(false);
        var body = settings.Body.ValueKind != JsonValueKind.Undefined
            ? await RenderAsync(name, "body", () => TemplateEngine.RenderValueAsync(settings.Body, toolCall.Args, cancellationToken)).ConfigureAwait(false)
            : settings.SendsArgs ? toolCall.Args.DeepClone() : null;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(Math.Min(settings.Timeout.TotalMilliseconds, int.MaxValue)));
        var exchange = new HttpExchange(settings.Method, url, body);
        try
        {
            using var response = await SendAsync(name, settings, exchange, headers, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = Excerpt(await ResponseBody.ReadAsync(response.Content, ExcerptChars * 4, failWhenLarger: false, timeout.Token).ConfigureAwait(false));
                throw new NodeExecutionException($"http tool '{name}': {exchange.Describe()} returned {status} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : string.Empty)}");
            }

            var bytes = await ResponseBody.ReadAsync(response.Content, settings.MaxResponseBytes, failWhenLarger: true, timeout.Token).ConfigureAwait(false)
                ?? throw new NodeExecutionException($"http tool '{name}': the response of {exchange.Describe()} is larger than maxResponseBytes ({settings.MaxResponseBytes.ToString(CultureInfo.InvariantCulture)} bytes); raise maxResponseBytes or ask for less");
            var contentType = response.Content.Headers.ContentType;
            return new JsonObject
            {
                ["status"] = status,
                ["headers"] = new JsonObject { ["content-type"] = contentType?.ToString() },
                ["body"] = ResponseBody.Parse(bytes, contentType, () => new NodeExecutionException($"http tool '{name}': {exchange.Describe()} answered {contentType?.MediaType}, but the body is not valid JSON")),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NodeExecutionException($"http tool '{name}': {exchange.Describe()} did not complete within {IsoDuration.Format(settings.Timeout)} (timeout); raise the tool's timeout or check the server");
        }
        catch (HttpRequestException ex) when (ex.InnerException is AddressRefusedException refused)
        {
            throw new NodeExecutionException($"http tool '{name}': {exchange.Describe()} is refused before connecting: {refused.Message}; nothing was sent");
        }
        catch (HttpRequestException ex)
        {
            throw new NodeExecutionException($"http tool '{name}': {exchange.Describe()} failed ({ex.HttpRequestError}: {ex.Message}); check the url and that the server is up");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string name, HttpToolSettings settings, HttpExchange exchange, List<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var origin = exchange.Url.GetLeftPart(UriPartial.Authority);
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(exchange.Method, exchange.Url) { Content = Content(exchange.Body) };

            // Headers may carry credentials for the first origin: a redirect elsewhere does not get them.
            foreach (var (header, value) in exchange.Url.GetLeftPart(UriPartial.Authority) == origin ? headers : [])
            {
                if (!request.Headers.TryAddWithoutValidation(header, value) && request.Content is { } content)
                {
                    content.Headers.Remove(header);
                    content.Headers.TryAddWithoutValidation(header, value);
                }
            }

            var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode is < 300 or > 399 || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(exchange.Url, location);
            if (redirects == _options.MaxRedirects)
            {
                throw new NodeExecutionException($"http tool '{name}': {exchange.Describe()} redirected more than {_options.MaxRedirects.ToString(CultureInfo.InvariantCulture)} times");
            }

            if (!settings.Allows(next))
            {
                var why = settings.PortRefusal(next) is { } port ? "but " + port : $"which is not in allowHosts ({string.Join(", ", settings.AllowHosts)})";
                throw new NodeExecutionException($"http tool '{name}': {exchange.Describe()} redirected to {next.Scheme}://{next.Authority}, {why}; nothing was sent there");
            }

            if (!_policy.Http.Allows(next))
            {
                throw new NodeExecutionException(CeilingRefusal(name, next, $"{exchange.Describe()} redirected to it, which is refused") + " there");
            }

            exchange.Redirect(response.StatusCode, next);
        }
    }

    private static async Task<Uri> RenderUrlAsync(string name, HttpToolSettings settings, JsonObject args, CancellationToken cancellationToken)
    {
        var rendered = await RenderAsync(name, "url", () => TemplateEngine.RenderAsync(settings.Url, args, cancellationToken)).ConfigureAwait(false);
        var text = rendered is JsonValue v && v.TryGetValue<string>(out var s) ? s : rendered?.ToJsonString() ?? string.Empty;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new NodeExecutionException($"http tool '{name}': the url renders to '{Shorten(text)}', which is not an absolute http(s) URL");
        }

        return settings.Allows(uri)
            ? uri
            : throw new NodeExecutionException(settings.PortRefusal(uri) is { } port
                ? $"http tool '{name}': {uri.Scheme}://{uri.Authority} is refused: {port}; nothing was sent"
                : $"http tool '{name}': {uri.Scheme}://{uri.Authority} is not in allowHosts ({string.Join(", ", settings.AllowHosts)}); nothing was sent");
    }

    private string CeilingRefusal(string name, Uri uri, string what) =>
        $"http tool '{name}': {uri.Scheme}://{uri.Authority}: {what}: it is beyond the host setting {ToolPolicyOptions.HttpAllowHostsSetting} ({ToolPolicy.Listed(_policy.Http.Listed ?? [])}); nothing was sent";

    private static async Task<List<KeyValuePair<string, string>>> RenderHeadersAsync(string name, HttpToolSettings settings, JsonObject args, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (settings.Headers.ValueKind != JsonValueKind.Object)
        {
            return headers;
        }

        foreach (var header in settings.Headers.EnumerateObject())
        {
            var value = await RenderAsync(name, $"headers.{header.Name}", () => TemplateEngine.RenderValueAsync(header.Value, args, cancellationToken)).ConfigureAwait(false);
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
            if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new NodeExecutionException($"http tool '{name}': header '{header.Name}' renders to a value with a line break");
            }

            headers.Add(new(header.Name, text));
        }

        return headers;
    }

    private static async Task<JsonNode?> RenderAsync(string name, string field, Func<ValueTask<JsonNode?>> render)
    {
        try
        {
            return await render().ConfigureAwait(false);
        }
        catch (TemplateException ex)
        {
            throw new NodeExecutionException($"http tool '{name}': {field}: {ex.Message}");
        }
    }

    private static StringContent? Content(JsonNode? body) => body switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var text) => new StringContent(text, Encoding.UTF8, "text/plain"),
        _ => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private static string Excerpt(byte[]? bytes)
    {
        var text = bytes is null ? string.Empty : Encoding.UTF8.GetString(bytes);
        return Shorten(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    private static string Shorten(string text) => text.Length <= ExcerptChars ? text : string.Concat(text.AsSpan(0, ExcerptChars), "…");

    /// <summary>Where the call is (method and URL without query, which may carry arguments) as it follows redirects.</summary>
    private sealed class HttpExchange(HttpMethod method, Uri url, JsonNode? body)
    {
        public HttpMethod Method { get; private set; } = method;

        public Uri Url { get; private set; } = url;

        public JsonNode? Body { get; private set; } = body;

        public void Redirect(HttpStatusCode status, Uri next)
        {
            // 303 always, and 301/302 after a POST (as browsers do), continue as a GET without a body.
            if (status == HttpStatusCode.SeeOther || (Method == HttpMethod.Post && status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found))
            {
                Method = HttpMethod.Get;
                Body = null;
            }

            Url = next;
        }

        public string Describe() => $"{Method} {Url.GetLeftPart(UriPartial.Path)}";
    }
}
