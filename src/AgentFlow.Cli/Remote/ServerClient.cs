using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core;
using AgentFlow.Engine.Costs;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Remote;

/// <summary>
/// The CLI's client of a running <c>agentflow serve</c> (<c>--server URL</c>): the same runs, approvals and events
/// the commands read from the data directory, through the HTTP API with the operator's bearer token.
/// An answer other than success is a <see cref="ServerProblem"/>; a server that cannot be reached is an
/// <see cref="AgentFlowException"/> naming the URL.
/// </summary>
internal sealed class ServerClient : IDisposable
{
    private readonly HttpClient _http;

    private ServerClient(Uri address, string? token)
    {
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The server's address, as the messages name it.</summary>
    public Uri Address => _http.BaseAddress!;

    /// <summary>A client of <paramref name="url"/> (an absolute http(s) URL) acting with <paramref name="token"/>.</summary>
    /// <exception cref="AgentFlowException">The URL is not an absolute http or https URL.</exception>
    public static ServerClient Create(string url, string? token)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new AgentFlowException($"--server '{url}' is not a server URL; give one like http://127.0.0.1:5080 (what agentflow serve prints)");
        }

        return new ServerClient(new Uri(address.GetLeftPart(UriPartial.Authority) + "/"), token);
    }

    /// <summary>The run with id <paramref name="runId"/>, or null when the server has none.</summary>
    public async Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}", null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await ThrowIfProblemAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<RunInfo>(CliJson.Compact, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server's sums of tokens and cost (<c>GET /api/costs</c>), as <c>agentflow costs</c> computes them.</summary>
    public async Task<CostReport> GetCostsAsync(CostQuery query, CancellationToken cancellationToken)
    {
        var parameters = new List<string> { $"by={query.By.Name()}" };
        if (query.Since is { } since)
        {
            parameters.Add($"since={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}");
        }

        if (query.Until is { } until)
        {
            parameters.Add($"until={Uri.EscapeDataString(until.ToString("O", CultureInfo.InvariantCulture))}");
        }

        if (query.Workflow is { } workflow)
        {
            parameters.Add($"workflow={Uri.EscapeDataString(workflow)}");
        }

        using var response = await SendAsync(HttpMethod.Get, "api/costs?" + string.Join('&', parameters), null, cancellationToken).ConfigureAwait(false);
        await ThrowIfProblemAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<CostReport>(CliJson.Compact, cancellationToken).ConfigureAwait(false)
            ?? throw new AgentFlowException($"the server at {Address} answered GET /api/costs with nothing");
    }

    /// <summary>The newest runs (at most <paramref name="limit"/>), filtered like <c>agentflow runs</c>.</summary>
    public async Task<IReadOnlyList<RemoteRun>> ListRunsAsync(string? status, string? workflow, int limit, CancellationToken cancellationToken)
    {
        var query = $"api/runs?limit={Math.Clamp(limit, 1, 1000)}"
            + (status is null ? string.Empty : $"&status={Uri.EscapeDataString(status)}")
            + (workflow is null ? string.Empty : $"&workflow={Uri.EscapeDataString(workflow)}");
        using var response = await SendAsync(HttpMethod.Get, query, null, cancellationToken).ConfigureAwait(false);
        await ThrowIfProblemAsync(response, cancellationToken).ConfigureAwait(false);
        var page = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return page?["items"]?.Deserialize<List<RemoteRun>>(CliJson.Compact) ?? [];
    }

    /// <summary>Decides the approval at <paramref name="node"/> of <paramref name="runId"/> as the token's operator; the server's message.</summary>
    public async Task<string> DecideAsync(string runId, string node, bool approve, string? comment, JsonObject? values, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["approve"] = approve, ["comment"] = comment, ["values"] = values };
        using var response = await SendAsync(HttpMethod.Post, $"api/runs/{Uri.EscapeDataString(runId)}/approvals/{Uri.EscapeDataString(node)}", body, cancellationToken).ConfigureAwait(false);
        await ThrowIfProblemAsync(response, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return answer?["message"]?.GetValue<string>() ?? "decided";
    }

    /// <summary>The events of one run (its state on connect first, with sequence 0), as type and data.</summary>
    public async IAsyncEnumerable<(string Type, long Sequence, JsonObject Data)> EventsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}/events");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfProblemAsync(response, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (JsonNode.Parse(item.Data) is JsonObject data)
            {
                yield return (item.EventType, long.TryParse(item.EventId, out var sequence) ? sequence : 0, data);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        return SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AgentFlowException($"cannot reach the AgentFlow server at {Address}: {ex.Message}; start it with agentflow serve, or check --server");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AgentFlowException($"the AgentFlow server at {Address} did not answer in {_http.Timeout.TotalSeconds:0} s; check that it runs", ex);
        }
    }

    private async Task ThrowIfProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? detail = null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            detail = problem?["detail"]?.GetValue<string>() ?? problem?["title"]?.GetValue<string>();
        }
        catch (JsonException)
        {
        }

        throw new ServerProblem(response.StatusCode, $"the server at {Address} answered {(int)response.StatusCode}: {detail ?? response.ReasonPhrase}");
    }
}
